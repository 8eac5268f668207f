//! output/ holds the committed result of converting samples/; this test
//! fails when it is stale. Regenerate with the README's convert command and
//! review the diff.

mod common;

use common::*;

#[test]
fn committed_output_matches_a_fresh_conversion() {
    let dir = temp_dir("golden");
    let res = jixiao(&["convert", "-q", "samples", "-o", dir.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(0));
    let committed = root().join("output");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "output/ holds other files than a fresh conversion"
    );
    for n in names {
        let fresh = std::fs::read_to_string(dir.join(&n)).unwrap();
        let old = std::fs::read_to_string(committed.join(&n)).unwrap();
        assert!(
            fresh == old,
            "output/{n} is stale: run `cargo run --release -- convert samples -o output` and review the diff"
        );
    }
}
