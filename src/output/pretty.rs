//! Re-indents compact JSON into the layout of `serde_json::to_vec_pretty`
//! (two spaces, `"key": value`), so each record is serialized once and
//! written twice (records.jsonl and the pretty per-input file).

/// Appends the pretty form of one compact JSON text (as serde_json writes
/// it: no whitespace outside strings) to `out`, at nesting depth `depth`.
pub fn reindent(compact: &[u8], depth: usize, out: &mut Vec<u8>) {
    let mut depth = depth;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    };
    while i < compact.len() {
        let b = compact[i];
        if in_string {
            // Copy the run up to the next quote or backslash in one go.
            let run = compact[i..]
                .iter()
                .position(|&c| c == b'"' || c == b'\\')
                .unwrap_or(compact.len() - i);
            if escaped {
                out.push(b);
                escaped = false;
                i += 1;
                continue;
            }
            out.extend_from_slice(&compact[i..i + run]);
            i += run;
            if i < compact.len() {
                let c = compact[i];
                out.push(c);
                if c == b'\\' {
                    escaped = true;
                } else {
                    in_string = false;
                }
                i += 1;
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                if compact.get(i + 1) == Some(&close) {
                    out.push(b);
                    out.push(close);
                    i += 2;
                    continue;
                }
                out.push(b);
                depth += 1;
                newline(out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b);
                newline(out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
        i += 1;
    }
}

/// Pretty JSON array of already-serialized compact items.
pub fn pretty_array<'a>(items: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(b'[');
    let mut any = false;
    for item in items {
        out.extend_from_slice(if any { b",\n  " } else { b"\n  " });
        reindent(item, 1, &mut out);
        any = true;
    }
    out.extend_from_slice(if any { b"\n]\n" } else { b"]\n" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_serde_pretty() {
        let v = json!([
            {"a": 1, "b": [], "c": {}, "d": "x\"y\\z:{[,", "e": [1, {"f": null}], "g": "年度"},
            {"k": [[]]}
        ]);
        let items: Vec<Vec<u8>> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| serde_json::to_vec(x).unwrap())
            .collect();
        let mine = pretty_array(items.iter().map(|x| x.as_slice()));
        let mut theirs = serde_json::to_vec_pretty(&v).unwrap();
        theirs.push(b'\n');
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
        assert_eq!(pretty_array(std::iter::empty()), b"[]\n");
    }
}
