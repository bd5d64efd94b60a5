//! Imports from calc-api's `Env` and shared-module-api's `Clock` and `Ids`,
//! all three in module `env`, and from its `TypeNames` (module `types`).

use shared_module_api::{Types, env, env_ids, types};
use wasmbind::plugin_export;

pub struct Impl;

#[plugin_export]
impl Types for Impl {
    fn describe(id: u32) -> String {
        calc_api::env::log("describe");
        let text = format!("{} at {} as #{}", types::name_of(id), env::now(), env_ids::next_id());
        env::note(&text);
        text
    }
}

// calc-api's `Labels` also has `describe`: exported as `Labels.describe`.
#[plugin_export(namespace)]
impl calc_api::Labels for Impl {
    fn describe(id: u32) -> String {
        format!("label {id}")
    }
}
