//! `#[derive(WasmType)]` on enums: a `u32` tag (the variant's position)
//! then the variant's fields; unknown tags are refused.

use wasmbind::WasmType;
use wasmbind::abi::{WireError, to_body};

#[derive(WasmType, Debug, PartialEq, Clone, Copy)]
enum Level {
    Low,
    High,
}

#[derive(WasmType, Debug, PartialEq)]
enum Shape {
    Dot,
    Circle { radius: f32 },
    Label(String, Level),
}

#[test]
fn unit_only_enums_are_a_fixed_four_byte_tag() {
    assert_eq!(Level::FIXED_SIZE, Some(4));
    assert_eq!(to_body(&Level::High), [1, 0, 0, 0]);
    assert_eq!(Level::decode(&[0, 0, 0, 0]), Ok(Level::Low));
    assert_eq!(Level::decode(&[2, 0, 0, 0]), Err(WireError::Tag { type_name: "Level", tag: 2 }));
}

#[test]
fn data_enums_are_a_tag_then_the_fields() {
    assert_eq!(Shape::FIXED_SIZE, None);
    assert_eq!(to_body(&Shape::Dot), [0, 0, 0, 0]);
    assert_eq!(to_body(&Shape::Circle { radius: 1.0 }), [1, 0, 0, 0, 0, 0, 0x80, 0x3f]);
    let label = Shape::Label("hi".into(), Level::High);
    let body = to_body(&label);
    assert_eq!(body, [2, 0, 0, 0, 2, 0, 0, 0, b'h', b'i', 1, 0, 0, 0]);
    assert_eq!(Shape::decode(&body), Ok(label));
    for shape in [Shape::Dot, Shape::Circle { radius: -2.5 }] {
        assert_eq!(Shape::decode(&to_body(&shape)), Ok(shape));
    }
}

#[test]
fn corrupted_enum_bodies_are_errors() {
    assert_eq!(Shape::decode(&[9, 0, 0, 0]), Err(WireError::Tag { type_name: "Shape", tag: 9 }));
    assert!(matches!(Shape::decode(&[1, 0, 0, 0, 0]), Err(WireError::Truncated { .. })));
    assert_eq!(Shape::decode(&[0, 0, 0, 0, 7]), Err(WireError::TrailingBytes { count: 1 }));
    assert_eq!(Shape::decode(&[2, 0, 0, 0, 1, 0, 0, 0, 0xff, 0, 0, 0, 0]), Err(WireError::Utf8 { valid_up_to: 0 }));
    assert_eq!(
        Shape::decode(&[2, 0, 0, 0, 1, 0, 0, 0, b'a', 5, 0, 0, 0]),
        Err(WireError::Tag { type_name: "Level", tag: 5 })
    );
}
