//! C23's attribute syntax, `[[nodiscard]]`, `[[gnu::packed]]`, which
//! gcc takes in every language mode (gcc 12 knows `nodiscard`,
//! `maybe_unused`, `deprecated` and `fallthrough`, and the `gnu::`
//! attributes) and lang-c cannot parse: each attribute specifier becomes
//! the GNU `__attribute__((...))` that means the same, before the other
//! rewrites of shims.rs (which then place it where lang-c takes it).
//! An attribute gcc ignores (an unknown name or scope, `noreturn`, which
//! gcc 12 does not know in this syntax, or any after a struct, union or
//! enum definition) is dropped, as gcc drops it after a warning. Newlines
//! inside a specifier are kept.

use std::borrow::Cow;

/// `text` with every `[[...]]` attribute specifier rewritten.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !text.contains('[') {
        return Cow::Borrowed(text);
    }
    let Some(first) = find_specifier(bytes, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut next = Some(first);
    while let Some((start, inner, end)) = next {
        out.push_str(&text[copied..start]);
        let gnu: Vec<String> = if after_definition(bytes, start, end) {
            Vec::new()
        } else {
            split_top_level(&text[inner.0..inner.1])
                .into_iter()
                .filter_map(gnu_spelling)
                .collect()
        };
        if !gnu.is_empty() {
            out.push_str("__attribute__((");
            out.push_str(&gnu.join(", "));
            out.push_str("))");
        }
        out.extend(text[start..end].chars().filter(|&c| c == '\n'));
        copied = end;
        next = find_specifier(bytes, end);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Whether the specifier at `start..end` stands between a `}` and a `;`:
/// after a struct, union or enum definition, where gcc ignores it ("after
/// definition"), or an attribute statement after a block, which means
/// nothing to kit (`[[fallthrough]];`).
fn after_definition(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = bytes[..start]
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace());
    before == Some(&b'}') && bytes.get(skip_blanks(bytes, end)) == Some(&b';')
}

/// The next attribute specifier at or after `from`, outside literals:
/// its start, the range between `[[` and `]]`, and its end.
fn find_specifier(bytes: &[u8], from: usize) -> Option<(usize, (usize, usize), usize)> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = literal_end(bytes, i),
            b'[' => {
                let second = skip_blanks(bytes, i + 1);
                if bytes.get(second) == Some(&b'[') {
                    if let Some((inner_end, end)) = closing(bytes, second + 1) {
                        return Some((i, (second + 1, inner_end), end));
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// From inside `[[`: where the inner text ends and where the closing
/// `]]` ends, brackets and parentheses balanced, literals skipped.
fn closing(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = literal_end(bytes, i);
                continue;
            }
            b'(' | b'[' => depth += 1,
            b')' => depth = depth.checked_sub(1)?,
            b']' if depth > 0 => depth -= 1,
            b']' => {
                let second = skip_blanks(bytes, i + 1);
                return (bytes.get(second) == Some(&b']')).then_some((i, second + 1));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Just past the string or character literal opening at `from` (at the
/// line's end if it is not closed there).
pub(super) fn literal_end(bytes: &[u8], from: usize) -> usize {
    let quote = bytes[from];
    let mut i = from + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'\n' => return i,
            _ if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_blanks(bytes: &[u8], from: usize) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(bytes.len(), |i| from + i)
}

/// The attributes of a specifier's list, split at commas outside
/// parentheses and literals.
fn split_top_level(list: &str) -> Vec<&str> {
    let bytes = list.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = literal_end(bytes, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&list[start..]);
    parts
}

/// One attribute (`name`, `name(args)`, `scope::name(args)`) in GNU's
/// spelling, or None where gcc ignores it.
fn gnu_spelling(attribute: &str) -> Option<String> {
    let attribute = attribute.trim();
    let (head, arguments) = match attribute.find('(') {
        Some(open) => (attribute[..open].trim_end(), &attribute[open..]),
        None => (attribute, ""),
    };
    let (scope, name) = match head.split_once("::") {
        Some((scope, name)) => (Some(scope.trim()), name.trim()),
        None => (None, head),
    };
    match (scope.map(|s| s.trim_matches('_')), name.trim_matches('_')) {
        (Some("gnu"), _) => Some(format!("{name}{arguments}")),
        (Some(_), _) => None,
        (None, "nodiscard") => Some("warn_unused_result".into()),
        (None, "maybe_unused") => Some("unused".into()),
        (None, "deprecated") => Some(format!("deprecated{arguments}")),
        (None, "fallthrough") => Some("fallthrough".into()),
        _ => None,
    }
}

/// What `__has_c_attribute(name)` gives, as gcc 12: the C23 date of the
/// standard attributes it knows, 1 for a `gnu::` attribute that
/// `__has_attribute` knows (`has_gnu` answers), else 0.
pub fn has_c_attribute(name: &str, has_gnu: impl Fn(&str) -> bool) -> i64 {
    match name.split_once("::") {
        Some((scope, attribute)) => {
            i64::from(scope.trim_matches('_') == "gnu" && has_gnu(attribute))
        }
        None => match name.trim_matches('_') {
            "nodiscard" => 202003,
            "maybe_unused" | "deprecated" | "fallthrough" => 201904,
            _ => 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{has_c_attribute, rewrite};

    #[test]
    fn specifiers_become_gnu_attributes() {
        assert_eq!(
            rewrite("[[nodiscard, gnu::noinline]] int f(int x [[maybe_unused]]);"),
            "__attribute__((warn_unused_result, noinline)) int f(int x __attribute__((unused)));"
        );
        assert_eq!(
            rewrite("[[deprecated(\"use g ]]\")]] int h;"),
            "__attribute__((deprecated(\"use g ]]\"))) int h;"
        );
        assert_eq!(
            rewrite("[ [ __gnu__::packed ] ] x"),
            "__attribute__((packed)) x"
        );
    }

    #[test]
    fn ignored_attributes_go_and_newlines_stay() {
        assert_eq!(rewrite("[[noreturn, foo::bar]] void f();"), " void f();");
        assert_eq!(rewrite("[[\nfoo\n]]int x;"), "\n\nint x;");
    }

    #[test]
    fn a_specifier_after_a_definition_is_ignored_as_by_gcc() {
        assert_eq!(
            rewrite("struct s { int a; } [[gnu::aligned(16)]];"),
            "struct s { int a; } ;"
        );
    }

    #[test]
    fn brackets_that_are_no_specifier_are_left_alone() {
        let text = "a[b[0]] = s[\"[[\"[0]]; char c = '['; int m[2][3];";
        assert_eq!(rewrite(text), text);
    }

    #[test]
    fn has_c_attribute_answers_as_gcc_12() {
        let gnu = |name: &str| name == "unused";
        assert_eq!(has_c_attribute("nodiscard", gnu), 202003);
        assert_eq!(has_c_attribute("__maybe_unused__", gnu), 201904);
        assert_eq!(has_c_attribute("noreturn", gnu), 0);
        assert_eq!(has_c_attribute("gnu::unused", gnu), 1);
        assert_eq!(has_c_attribute("gnu::nothing", gnu), 0);
        assert_eq!(has_c_attribute("clang::unused", gnu), 0);
    }
}
