//! `#[host_fn(module = "env")]` on a free function.
//!
//! Input:
//! ```ignore
//! #[host_fn(module = "env")]
//! pub fn log(state: &mut State, msg: &str) { .. }
//! ```
//! Output: the function unchanged, plus `__wasmbind_host_fn_log`, which
//! registers a `func_wrap` closure for `env::log` on a linker.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, Type};
use wasmbind_macro_support::{Args, Errors, Key, Signature};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors.ok(Args::parse(args, &[Key::Module, Key::Crate]));
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            errors.at(&item, "`#[host_fn]` goes on a free function whose first parameter is the host state, e.g. `fn log(state: &mut State, msg: &str)`");
            return errors.into_compile_errors();
        }
    };
    let sig = Signature::new(&func.sig, true, &mut errors);
    let module = args.as_ref().and_then(|a| errors.ok(a.require_module("host_fn")).cloned());
    let (Some(args), Some(module), Some(state)) = (args, module, sig.state) else {
        let errors = errors.into_compile_errors();
        return quote!(#func #errors);
    };
    if let Err(e) = errors.finish() {
        let errors = e.to_compile_error();
        return quote!(#func #errors);
    }
    let register = registration(&func, &sig, state, &module, &args.krate);
    quote!(#func #register)
}

fn registration(
    func: &ItemFn,
    sig: &Signature,
    state: &syn::PatType,
    module: &syn::LitStr,
    krate: &syn::Path,
) -> TokenStream {
    let p = quote!(#krate::__private);
    let vis = &func.vis;
    let ident = sig.ident;
    let name = ident.to_string();
    let register = format_ident!("__wasmbind_host_fn_{}", ident);
    let state_ty = match &*state.ty {
        Type::Reference(r) => &r.elem,
        other => other,
    };
    let names = sig.param_names();
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let core_tys = sig.params.iter().map(|param| {
        let ty = param.ty;
        quote_spanned!(ty.span()=> <#ty as #p::WasmAbi>::Core)
    });
    let lifts = sig.params.iter().enumerate().map(|(i, param)| {
        let (ty, core) = (param.ty, &cores[i]);
        quote_spanned!(ty.span()=> let #core = #p::host_arg::<#ty>(#core, __memory, &__INFO, #i)?;)
    });
    let out_param = sig.output.map(|_| quote!(__out: i64));
    let out = if sig.output.is_some() { quote!(__out) } else { quote!(0) };
    let tys = sig.params.iter().map(|p| p.ty).chain(sig.output);
    quote! {
        #[doc(hidden)]
        #vis fn #register<__T: 'static>(
            __linker: &mut #p::Linker<__T>,
            __get: impl Fn(&mut __T) -> &mut #state_ty + Send + Sync + Copy + 'static,
        ) -> #p::wasmtime::Result<()> {
            const __INFO: #p::HostFnInfo = #p::HostFnInfo {
                module: #module,
                name: #name,
                params: &[#(#names),*],
                memory: false #(|| <#tys as #p::WasmAbi>::MEMORY)*,
            };
            __linker.func_wrap(#module, #name, move |mut __caller: #p::Caller<'_, __T>, #(#cores: #core_tys,)* #out_param| {
                let (__memory, __data) = #p::host_enter(&mut __caller, &__INFO)?;
                #(#lifts)*
                let __result = #ident(__get(__data), #(#cores),*);
                #p::host_ret(__result, &mut __caller, #out, &__INFO)
            })?;
            #p::Result::Ok(())
        }
    }
}
