//! The value parser and the text cleanup on arbitrary UTF-8.
#![no_main]

use jixiao::normalize::{text, value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let (v, _repairs) = value::parse(s);
    check(&v);
    let cleaned = text::clean(s);
    // clean is idempotent: a cleaned cell cleans to itself.
    assert_eq!(text::clean(&cleaned), cleaned, "clean not idempotent");
    let (w, _) = value::parse_cleaned(&cleaned);
    check(&w);
    let key = text::label_key(s);
    // A key is free of whitespace.
    assert!(
        !key.chars().any(char::is_whitespace),
        "whitespace in key {key:?}"
    );
    let _ = text::clean_value(s);
    let _ = text::label_key(&cleaned);
});

fn check(v: &value::Value) {
    use value::ValueKind::*;
    // Numbers must survive JSON: a non-finite f64 would print as null.
    for n in [v.number, v.max, v.yuan].into_iter().flatten() {
        assert!(n.is_finite(), "non-finite number in {v:?}");
    }
    match v.kind {
        Number => assert!(v.number.is_some()),
        Range => assert!(v.number.is_some() && v.max.is_some()),
        Date => assert!(v.date.is_some()),
        Placeholder | Text => assert!(v.number.is_none()),
    }
    let out = jixiao::merge::value_out(v);
    let json = serde_json::to_vec(&out).expect("value serializes");
    serde_json::from_slice::<serde_json::Value>(&json).expect("value is valid JSON");
}
