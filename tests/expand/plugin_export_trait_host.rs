// Input:
// #[wasmbind::plugin_export()]
// pub trait Calc {
//     /// Greets `name`.
//     fn greet(name: &str) -> String;
//     fn point_add(a: Point, b: Point) -> Point;
// }

// Output:

pub trait Calc {
    /// Greets `name`.
    fn greet(name: &str) -> String;
    fn point_add(a: Point, b: Point) -> Point;
}
/// A plugin implementing [`Calc`]: one method per export, each a checked call.
#[derive(::core::clone::Clone)]
pub struct CalcPlugin {
    plugin: ::wasmbind::__private::Plugin,
    greet: ::wasmbind::__private::TypedFunc<
        (<&'static str as ::wasmbind::__private::WasmAbi>::Core,),
        <String as ::wasmbind::__private::WasmAbi>::Core,
    >,
    point_add: ::wasmbind::__private::TypedFunc<
        (
            <Point as ::wasmbind::__private::WasmAbi>::Core,
            <Point as ::wasmbind::__private::WasmAbi>::Core,
        ),
        <Point as ::wasmbind::__private::WasmAbi>::Core,
    >,
}
impl CalcPlugin {
    /// The interface record this handle expects a plugin's to match.
    pub const INTERFACE: &'static str = "wasmbind 1\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\n";
    /// Instantiates `module` with the imports in `linker`, checks the
    /// plugin's interface record against this declaration, and finds
    /// every export. Errors name the plugin by the module's name, or
    /// by the trait's.
    pub fn instantiate<__T: 'static>(
        mut store: impl ::wasmbind::__private::AsContextMut<Data = __T>,
        linker: &::wasmbind::__private::Linker<__T>,
        module: &::wasmbind::__private::Module,
    ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::Error> {
        let name = module.name().unwrap_or("calc");
        let plugin = ::wasmbind::__private::Plugin::instantiate_expecting(
            &mut store,
            linker,
            module,
            name,
            ::wasmbind::__private::Option::Some(Self::INTERFACE),
        )?;
        Self::from_checked(store, plugin)
    }
    /// Wraps an instantiated plugin: checks its export record, then
    /// looks up every export once.
    pub fn new(
        mut store: impl ::wasmbind::__private::AsContextMut,
        plugin: ::wasmbind::__private::Plugin,
    ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::Error> {
        plugin.check_exports(&mut store, Self::INTERFACE)?;
        Self::from_checked(store, plugin)
    }
    fn from_checked(
        mut __store: impl ::wasmbind::__private::AsContextMut,
        __plugin: ::wasmbind::__private::Plugin,
    ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::Error> {
        ::wasmbind::__private::Result::Ok(Self {
            greet: __plugin.typed_func(&mut __store, "greet")?,
            point_add: __plugin.typed_func(&mut __store, "point_add")?,
            plugin: __plugin,
        })
    }
    /// The plugin instance.
    pub fn plugin(&self) -> &::wasmbind::__private::Plugin {
        &self.plugin
    }
    /// Greets `name`.
    pub fn greet(
        &self,
        mut store: impl ::wasmbind::__private::AsContextMut,
        name: &str,
    ) -> ::wasmbind::__private::Result<String, ::wasmbind::__private::Error> {
        const __INFO: &::wasmbind::__private::ExportInfo = &::wasmbind::__private::ExportInfo {
            name: "greet",
            params: &["name"],
        };
        let mut __cx = self.plugin.call_cx(&mut store, __INFO);
        let __a0 = __cx.arg(&name, 0)?;
        let __result = __cx.call(&self.greet, (__a0,))?;
        __cx.ret(__result)
    }
    pub fn point_add(
        &self,
        mut store: impl ::wasmbind::__private::AsContextMut,
        a: Point,
        b: Point,
    ) -> ::wasmbind::__private::Result<Point, ::wasmbind::__private::Error> {
        const __INFO: &::wasmbind::__private::ExportInfo = &::wasmbind::__private::ExportInfo {
            name: "point_add",
            params: &["a", "b"],
        };
        let mut __cx = self.plugin.call_cx(&mut store, __INFO);
        let __a0 = __cx.arg(&a, 0)?;
        let __a1 = __cx.arg(&b, 1)?;
        let __result = __cx.call(&self.point_add, (__a0, __a1))?;
        __cx.ret(__result)
    }
}
impl ::core::fmt::Debug for CalcPlugin {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("CalcPlugin")
            .field("plugin", &self.plugin)
            .finish_non_exhaustive()
    }
}
