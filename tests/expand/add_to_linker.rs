// Input:
// fn f() {
//     add_to_linker!(& mut linker, | state : & mut State | state, [log, get]);
// }

// Output:

fn f() {
    {
        let __linker = &mut linker;
        ::core::result::Result::Ok(())
            .and_then(|()| __wasmbind_host_fn_log(
                &mut *__linker,
                |state: &mut State| state,
            ))
            .and_then(|()| __wasmbind_host_fn_get(
                &mut *__linker,
                |state: &mut State| state,
            ))
    };
}
