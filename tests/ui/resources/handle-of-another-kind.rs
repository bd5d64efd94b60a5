// A table of files does not take a table handle: the resource kind is part
// of the handle's type, so the mix-up is caught when the host compiles.
use wasmbind::host::{Plugin, resources::Resources};
use wasmbind::{Resource, Trap};

pub enum Table {}
pub enum File {}

pub struct App {
    files: Resources<File, std::fs::File>,
}

pub fn size(app: &App, plugin: &Plugin, table: Resource<Table>) -> Result<u64, Trap> {
    let file = app.files.get(plugin, table)?;
    Ok(file.metadata()?.len())
}

fn main() {}
