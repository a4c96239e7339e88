//! The C preprocessor: one translation unit in, one text out, with gcc-style
//! line markers (`# 12 "file.c"`) so the parser and diagnostics map every
//! token back to the user's file.
//!
//! Pending tokens sit on a stack (next token on top). Includes push a
//! file's tokens; macro expansion pushes the replacement. The one clever
//! idea, from Prosser's algorithm as chibicc uses it: every token carries a
//! hideset, the macros it came out of, and a macro never expands a token
//! whose hideset names it. That is what stops `#define f(x) f(x)` from
//! recursing while still expanding everything C11 6.10.3.4 says it must.
//! Expanded tokens take the position of the macro use, so the output stays
//! in source order and diagnostics point at the use.
//!
//! Output: tokens keep their source line (a marker starts each file switch
//! or jump) and, where the line allows, their column, so a byte offset in
//! the output maps back to file:line:col. Files are tokenized once, when
//! entered; a header whose include guard (or `#pragma once`) is already
//! satisfied is not even read again. Speed: hello.c with <stdio.h> takes
//! about 2.5 ms, every common glibc header together about 20 ms (dev
//! profile), gcc -E about 50 ms.

mod expr;
mod hideset;
mod include;
mod lex;
pub use lex::TokenRules;
mod predefined;
mod prune;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::diag::{Diagnostic, Location};
use crate::MacroFlag;
use hideset::{HideSet, HideSets};
use include::SearchDir;
use lex::{Kind, Token};

/// One C source file as given.
pub struct SourceFile {
    pub path: PathBuf,
    /// The name in diagnostics and line markers (`<stdin>` for stdin).
    pub display: String,
    pub text: String,
}

pub struct PreprocessOptions {
    /// -I, searched for "..." (after the including file's directory) and <...>.
    pub include_dirs: Vec<PathBuf>,
    /// -isystem.
    pub system_include_dirs: Vec<PathBuf>,
    /// -D/-U in command-line order.
    pub macros: Vec<MacroFlag>,
    /// -lc / --sysroot / --script: the system headers are searched.
    pub hosted_libc: bool,
    /// Root of the system headers (default `/`).
    pub sysroot: PathBuf,
    /// Output for the compiler, not for reading: system headers'
    /// prototypes of functions the unit never names are left out (see
    /// `prune`).
    pub drop_unused_prototypes: bool,
    /// What the standard's tokens lack (`-std=c90`: digraphs).
    pub token_rules: TokenRules,
}

pub struct Preprocessed {
    /// The translation unit, with line markers.
    pub text: String,
    /// (path as written in the line markers, full text) of every file read.
    pub sources: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
}

/// Preprocesses `main`; all errors are reported together.
pub fn preprocess(
    main: &SourceFile,
    options: &PreprocessOptions,
) -> Result<Preprocessed, Vec<Diagnostic>> {
    let mut pp = Preprocessor::new(options);
    pp.run(main);
    if options.drop_unused_prototypes {
        let files = &pp.files;
        prune::unused_prototypes(&mut pp.out, |t| files[t.file as usize].system);
    }
    if pp.errors == 0 {
        Ok(Preprocessed {
            text: pp.render(),
            sources: pp.sources(),
            warnings: pp.diagnostics,
        })
    } else {
        Err(pp.diagnostics)
    }
}

#[derive(Clone)]
struct Macro {
    /// None for an object-like macro.
    params: Option<Vec<Rc<str>>>,
    variadic: bool,
    body: Vec<Token>,
}

impl Macro {
    /// C11 6.10.3p2: a redefinition must be identical, white-space
    /// separation included.
    fn same_as(&self, other: &Macro) -> bool {
        self.params == other.params
            && self.variadic == other.variadic
            && self.body.len() == other.body.len()
            && self
                .body
                .iter()
                .zip(&other.body)
                .enumerate()
                .all(|(i, (a, b))| {
                    a.text == b.text && a.kind == b.kind && (i == 0 || a.space == b.space)
                })
    }
}

struct FileInfo {
    display: String,
    path: PathBuf,
    text: Rc<str>,
    /// Where in the search chain it was found (for #include_next).
    chain_index: Option<usize>,
    /// A system header (found in a system directory, or included by
    /// one): as gcc does, kit does not warn about its macros.
    system: bool,
    /// Its `#line` directives, in order. Tokens keep the line they were
    /// read on, mapped to the directive's numbering and file name where
    /// they are shown (`logical`): renumbering every pending token at
    /// each directive was quadratic in generated files full of them.
    renumbered: Vec<Renumbering>,
}

/// From physical line `from` of a file on, lines are numbered from
/// `number` and named as `file` (an index into the file table).
struct Renumbering {
    from: u32,
    number: u32,
    file: u32,
}

/// One open #if group.
struct Cond {
    /// Some branch of this group was taken already.
    taken: bool,
    /// #else was seen.
    in_else: bool,
    /// The directive name that opened it (`if`, `ifdef`, `ifndef`), for
    /// "unterminated" errors.
    opener: Token,
    /// Include depth it belongs to.
    depth: usize,
}

struct Preprocessor<'a> {
    options: &'a PreprocessOptions,
    chain: Vec<SearchDir>,
    files: Vec<FileInfo>,
    macros: HashMap<Rc<str>, Rc<Macro>, lex::FxBuild>,
    /// Definitions saved by `#pragma push_macro("NAME")`, by name (None:
    /// the name was not defined).
    pushed_macros: HashMap<Rc<str>, Vec<Option<Rc<Macro>>>>,
    /// Names `#pragma GCC poison` forbids from then on in the source.
    poisoned: HashSet<Rc<str>>,
    /// Where a poisoned name was reported (a macro argument is read
    /// more than once).
    poison_reported: HashSet<(u32, u32, u32)>,
    /// Shared token spellings.
    interner: lex::Interner,
    hidesets: HideSets,
    /// `__DATE__` and `__TIME__`, made at first use (local time reads
    /// the time zone's file).
    stamp: std::cell::OnceCell<predefined::Stamp>,
    /// Expanding a #if line: `defined` is an operator.
    in_condition: bool,
    /// Pending tokens; the next one is on top.
    stack: Vec<Token>,
    /// Files being read, innermost last.
    includes: Vec<u32>,
    conds: Vec<Cond>,
    pragma_once: HashSet<include::FileId>,
    /// Files fully guarded by `#ifndef X ... #endif`, by guard macro.
    guards: HashMap<include::FileId, Rc<str>>,
    counter: u64,
    out: Vec<Token>,
    /// Errors and warnings in the order they were found (errors are
    /// reported with the warnings before them, as gcc does).
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

impl<'a> Preprocessor<'a> {
    fn new(options: &'a PreprocessOptions) -> Preprocessor<'a> {
        Preprocessor {
            options,
            chain: include::chain(options),
            files: Vec::new(),
            macros: HashMap::default(),
            pushed_macros: HashMap::new(),
            poisoned: HashSet::new(),
            poison_reported: HashSet::new(),
            interner: lex::Interner::default(),
            hidesets: HideSets::default(),
            stamp: std::cell::OnceCell::new(),
            in_condition: false,
            stack: Vec::new(),
            includes: Vec::new(),
            conds: Vec::new(),
            pragma_once: HashSet::new(),
            guards: HashMap::new(),
            counter: 0,
            out: Vec::new(),
            diagnostics: Vec::new(),
            errors: 0,
        }
    }

    /// Every file read, once each (a header included again is one entry).
    fn sources(&self) -> Vec<(String, String)> {
        let mut seen = HashSet::new();
        self.files
            .iter()
            .filter(|f| seen.insert(f.display.as_str()))
            .map(|f| (f.display.clone(), f.text.to_string()))
            .collect()
    }

    fn run(&mut self, main: &SourceFile) {
        self.define_builtins();
        self.enter_file(
            main.display.clone(),
            main.path.clone(),
            main.text.clone(),
            None,
            None,
        );
        self.main_loop();
    }

    /// Predefined macros, then -D/-U in order, read as `#define` lines.
    fn define_builtins(&mut self) {
        let mut text = String::from(predefined::PREDEFINED);
        if self.options.hosted_libc {
            text.push_str(predefined::HOSTED);
        } else {
            text.push_str(predefined::FREESTANDING);
        }
        for flag in &self.options.macros {
            match flag {
                MacroFlag::Define { name, body } => text.push_str(&format!(
                    "#define {name} {}\n",
                    body.as_deref().unwrap_or("1")
                )),
                MacroFlag::Undefine(name) => text.push_str(&format!("#undef {name}\n")),
            }
        }
        let before = self.out.len();
        self.enter_file(
            "<command-line>".into(),
            PathBuf::from("<command-line>"),
            text,
            None,
            None,
        );
        self.main_loop();
        self.out.truncate(before);
    }

    /// Starts reading a file; `identity` when the caller knows it (the
    /// include search does).
    fn enter_file(
        &mut self,
        display: String,
        path: PathBuf,
        text: String,
        chain_index: Option<usize>,
        identity: Option<include::FileId>,
    ) {
        let index = self.files.len() as u32;
        // Tokens go straight onto the pending stack, reversed there.
        let start = self.stack.len();
        let lexed = lex::tokenize_into(
            &text,
            index,
            &mut self.interner,
            &mut self.stack,
            self.options.token_rules,
        );
        let nuls = match lexed {
            Ok(nuls) => nuls,
            Err(e) => {
                self.stack.truncate(start);
                let (location, line) = place_in(&display, &text, e.line, e.col);
                self.report(Diagnostic::error(Some(location), e.message).with_source_line(line));
                return;
            }
        };
        for (line, col, in_literal) in nuls {
            let (location, line) = place_in(&display, &text, line, col);
            let message = match in_literal {
                true => "null character(s) preserved in literal",
                false => "null character(s) ignored",
            };
            self.report(Diagnostic::warning(Some(location), message).with_source_line(line));
        }
        if let Some(guard) = include_guard(&self.stack[start..]) {
            let identity = identity.unwrap_or_else(|| include::identity(&path));
            self.guards.insert(identity, guard);
        }
        let system = match chain_index {
            Some(index) => index >= self.options.include_dirs.len(),
            None => self.current_file().is_some_and(|f| f.system),
        };
        self.files.push(FileInfo {
            display,
            path,
            text: Rc::from(text),
            chain_index,
            system,
            renumbered: Vec::new(),
        });
        self.includes.push(index);
        self.stack[start..].reverse();
    }

    /// Processes tokens until the file that was entered last ends.
    fn main_loop(&mut self) {
        let depth = self.includes.len();
        while let Some(token) = self.stack.pop() {
            if token.kind == Kind::Eof {
                self.leave_file();
                if self.includes.len() < depth {
                    return;
                }
                continue;
            }
            if token.is("#") && token.bol && !token.expanded {
                self.directive(token);
                continue;
            }
            self.check_poison(&token);
            if token.kind == Kind::Ident && self.expand(&token) {
                continue;
            }
            if token.kind == Kind::BadLiteral {
                // The opening quote, after any encoding prefix (u8, L, ...).
                let quote = token
                    .text
                    .chars()
                    .find(|c| matches!(c, '"' | '\''))
                    .unwrap_or('"');
                self.error_at(&token, format!("missing terminating {quote} character"));
            }
            self.out.push(token);
        }
    }

    /// Ends the innermost file; its open conditionals are errors.
    fn leave_file(&mut self) {
        let depth = self.includes.len();
        while self.conds.last().is_some_and(|c| c.depth == depth) {
            let cond = self.conds.pop().expect("checked above");
            self.error_at(&cond.opener, format!("unterminated #{}", cond.opener.text));
        }
        self.includes.pop();
    }

    // ----- diagnostics -----

    fn location(&self, token: &Token) -> (Location, String) {
        let file = &self.files[token.file as usize];
        // The line as written, at the place #line gives it.
        let (shown, line) = self.logical(token.file, token.line);
        let shown = &self.files[shown as usize].display;
        let (mut location, source) = place_in(shown, &file.text, token.line, token.col);
        location.line = line;
        (location, source)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        if diagnostic.severity == crate::diag::Severity::Error {
            self.errors += 1;
        }
        self.diagnostics.push(diagnostic);
    }

    fn error_at(&mut self, token: &Token, message: impl Into<String>) {
        let (location, line) = self.location(token);
        self.report(Diagnostic::error(Some(location), message).with_source_line(line));
    }

    fn warn_at(&mut self, token: &Token, message: impl Into<String>) {
        let (location, line) = self.location(token);
        self.report(Diagnostic::warning(Some(location), message).with_source_line(line));
    }

    // ----- directives -----

    /// The rest of the directive's line.
    fn line_tokens(&mut self) -> Vec<Token> {
        let mut line = Vec::new();
        while let Some(top) = self.stack.last() {
            if top.bol || top.kind == Kind::Eof {
                break;
            }
            line.push(self.stack.pop().expect("peeked"));
        }
        line
    }

    fn directive(&mut self, hash: Token) {
        let _ = hash;
        let Some(name) = self
            .stack
            .last()
            .filter(|t| !t.bol && t.kind != Kind::Eof)
            .cloned()
        else {
            return; // The null directive.
        };
        self.stack.pop();
        let line = self.line_tokens();
        let poisons = &*name.text == "pragma"
            && line.len() > 1
            && (&*line[0].text, &*line[1].text) == ("GCC", "poison");
        if !poisons {
            self.check_poison(&name);
            line.iter().for_each(|t| self.check_poison(t));
        }
        match &*name.text {
            "define" => self.define(&name, line),
            "undef" => {
                if let Some(t) = self.macro_name(&name, &line) {
                    self.macros.remove(&t.text);
                }
            }
            "include" => self.include(&name, line, false),
            "include_next" => self.include(&name, line, true),
            "if" => {
                let taken = self.eval_condition(&name, line);
                self.push_cond(name, taken);
            }
            "ifdef" | "ifndef" => {
                let defined = self
                    .macro_name(&name, &line)
                    .is_some_and(|t| self.is_defined(&t.text));
                let taken = defined == (&*name.text == "ifdef");
                self.push_cond(name, taken);
            }
            "elif" | "elifdef" | "elifndef" => self.elif(&name, line),
            "else" => self.else_(&name),
            "endif" => {
                if self.conds.pop().is_none() {
                    self.error_at(&name, "#endif without #if");
                }
            }
            "line" => self.line_directive(&name, line),
            "error" => {
                let text = join(&line);
                self.error_at(&name, format!("#error {text}"));
            }
            "warning" => {
                let text = join(&line);
                let (location, source) = self.location(&name);
                let warning = Diagnostic::warning(Some(location), format!("#warning {text}"));
                self.report(warning.with_source_line(source).with_option("cpp"));
            }
            "pragma" => self.pragma(&name, &line),
            "ident" | "sccs" | "assert" | "unassert" => {}
            other if name.kind == Kind::Number => {
                // `# 12 "file"` (a line marker in preprocessed input).
                let _ = other;
                let mut all = vec![name.clone()];
                all.extend(line);
                self.line_directive(&name, all);
            }
            other => self.error_at(&name, format!("invalid preprocessing directive #{other}")),
        }
    }

    /// The macro a directive names (`#define`, `#undef`, `#ifdef`...),
    /// its line's first token, or gcc's error.
    fn macro_name<'l>(&mut self, directive: &Token, line: &'l [Token]) -> Option<&'l Token> {
        match line.first() {
            Some(t) if t.kind == Kind::Ident => Some(t),
            Some(t) => {
                self.error_at(t, "macro names must be identifiers");
                None
            }
            None => {
                let message = format!("no macro name given in #{} directive", directive.text);
                self.error_at(&just_after(directive), message);
                None
            }
        }
    }

    fn define(&mut self, directive: &Token, line: Vec<Token>) {
        let Some(name) = self.macro_name(directive, &line) else {
            return;
        };
        let name_text = name.text.clone();
        if &*name_text == "defined" {
            self.error_at(name, "\"defined\" cannot be used as a macro name");
            return;
        }
        let function_like = line.get(1).is_some_and(|t| t.is("(") && !t.space);
        let (params, variadic, start) = if function_like {
            match self.parameters(name, &line) {
                Some((params, variadic, start)) => (Some(params), variadic, start),
                None => return,
            }
        } else {
            (None, false, 1)
        };
        let body = line[start..].to_vec();
        if let Some(bad) = body
            .first()
            .filter(|t| t.is("##"))
            .or(body.last().filter(|t| t.is("##")))
        {
            self.error_at(bad, "'##' cannot appear at either end of a macro expansion");
            return;
        }
        if let Some(params) = &params {
            let is_param = |t: Option<&Token>| {
                t.is_some_and(|t| t.kind == Kind::Ident && params.contains(&t.text))
            };
            let stray = (0..body.len()).find(|&k| body[k].is("#") && !is_param(body.get(k + 1)));
            if let Some(k) = stray {
                self.error_at(&body[k], "'#' is not followed by a macro parameter");
                return;
            }
        }
        let new = Macro {
            params,
            variadic,
            body,
        };
        let in_system_header = self.files.get(name.file as usize).is_some_and(|f| f.system);
        if !in_system_header
            && self
                .macros
                .get(&name_text)
                .is_some_and(|old| !old.same_as(&new))
        {
            self.warn_at(name, format!("\"{name_text}\" redefined"));
        }
        self.macros.insert(name_text, Rc::new(new));
    }

    /// The parameter list of a function-like `#define` (`line[1]` is the
    /// `(`): the names, whether it is variadic, and where the body starts.
    fn parameters(&mut self, name: &Token, line: &[Token]) -> Option<(Vec<Rc<str>>, bool, usize)> {
        let mut params = Vec::new();
        let mut variadic = false;
        let mut i = 2;
        loop {
            let Some(t) = line.get(i) else {
                self.error_at(name, "missing ')' in macro parameter list");
                return None;
            };
            if t.is(")") && params.is_empty() && !variadic {
                return Some((params, variadic, i + 1));
            }
            if t.is("...") {
                variadic = true;
                params.push(Rc::from("__VA_ARGS__"));
            } else if t.kind == Kind::Ident {
                if params.contains(&t.text) {
                    self.error_at(t, format!("duplicate macro parameter \"{}\"", t.text));
                    return None;
                }
                params.push(t.text.clone());
                if line.get(i + 1).is_some_and(|n| n.is("...")) {
                    variadic = true;
                    i += 1;
                }
            } else {
                self.error_at(
                    t,
                    format!("\"{}\" may not appear in macro parameter list", t.text),
                );
                return None;
            }
            i += 1;
            match line.get(i) {
                Some(t) if t.is(")") => return Some((params, variadic, i + 1)),
                Some(t) if t.is(",") && !variadic => i += 1,
                Some(t) => {
                    let message = format!("expected ',' or ')', found \"{}\"", t.text);
                    self.error_at(&t.clone(), message);
                    return None;
                }
                None => {
                    self.error_at(name, "missing ')' in macro parameter list");
                    return None;
                }
            }
        }
    }

    fn is_defined(&self, name: &str) -> bool {
        self.macros.contains_key(name)
            || dynamic_macro(name)
            || name == "__has_include"
            || name == "__has_include_next"
            || FEATURE_OPERATORS.contains(&name)
    }

    fn push_cond(&mut self, opener: Token, taken: bool) {
        self.conds.push(Cond {
            taken,
            in_else: false,
            opener,
            depth: self.includes.len(),
        });
        if !taken {
            self.skip_group();
        }
    }

    fn elif(&mut self, name: &Token, line: Vec<Token>) {
        let Some(cond) = self.conds.last() else {
            self.error_at(name, format!("#{} without #if", name.text));
            return;
        };
        if cond.in_else {
            self.error_at(name, format!("#{} after #else", name.text));
            return;
        }
        if cond.taken {
            self.skip_group();
            return;
        }
        let taken = match &*name.text {
            // C23's `#elifdef NAME` and `#elifndef NAME`, which gcc takes
            // in every mode.
            "elifdef" | "elifndef" => self
                .macro_name(name, &line)
                .is_some_and(|t| self.is_defined(&t.text) == (&*name.text == "elifdef")),
            _ => self.eval_condition(name, line),
        };
        if let Some(cond) = self.conds.last_mut() {
            cond.taken = taken;
        }
        if !taken {
            self.skip_group();
        }
    }

    fn else_(&mut self, name: &Token) {
        let Some(cond) = self.conds.last_mut() else {
            self.error_at(name, "#else without #if");
            return;
        };
        if cond.in_else {
            self.error_at(name, "#else after #else");
            return;
        }
        cond.in_else = true;
        let skip = cond.taken;
        cond.taken = true;
        if skip {
            self.skip_group();
        }
    }

    /// Skips tokens up to the #elif/#else/#endif that ends this group,
    /// leaving that directive on the stack.
    fn skip_group(&mut self) {
        let mut nesting = 0;
        while let Some(token) = self.stack.last().cloned() {
            if token.kind == Kind::Eof {
                return;
            }
            let is_directive = token.is("#") && token.bol;
            if is_directive {
                let name = self
                    .stack
                    .get(self.stack.len().wrapping_sub(2))
                    .filter(|t| !t.bol)
                    .map(|t| t.text.clone());
                match name.as_deref() {
                    Some("if" | "ifdef" | "ifndef") => nesting += 1,
                    Some("elif" | "elifdef" | "elifndef" | "else") if nesting == 0 => return,
                    Some("endif") if nesting == 0 => return,
                    Some("endif") => nesting -= 1,
                    _ => {}
                }
            }
            self.stack.pop();
        }
    }

    /// Evaluates a #if/#elif line.
    fn eval_condition(&mut self, directive: &Token, line: Vec<Token>) -> bool {
        let mut resolved = Vec::new();
        let mut i = 0;
        while i < line.len() {
            let t = &line[i];
            if t.is("defined") {
                let (name, next) = match line.get(i + 1) {
                    Some(p) if p.is("(") => (line.get(i + 2), i + 4),
                    other => (other, i + 2),
                };
                match name.filter(|n| n.kind == Kind::Ident) {
                    Some(n) => resolved.push(number_token(t, self.is_defined(&n.text) as i64)),
                    None => {
                        self.error_at(t, "operator \"defined\" requires an identifier");
                        return false;
                    }
                }
                i = next;
                continue;
            }
            if FEATURE_OPERATORS.contains(&&*t.text) {
                match feature_operand(&line[i + 1..]) {
                    Some((name, used)) => {
                        resolved.push(number_token(t, feature(&t.text, &name)));
                        i += 1 + used;
                    }
                    None => {
                        self.error_at(t, format!("missing '(' after \"{}\"", t.text));
                        return false;
                    }
                }
                continue;
            }
            if t.is("__has_include") || t.is("__has_include_next") {
                let next = t.is("__has_include_next");
                match self.has_include(&line, i + 1, next) {
                    Some((found, end)) => {
                        resolved.push(number_token(t, found as i64));
                        i = end;
                    }
                    None => {
                        self.error_at(t, format!("missing '(' or header name after {}", t.text));
                        return false;
                    }
                }
                continue;
            }
            resolved.push(t.clone());
            i += 1;
        }
        self.in_condition = true;
        let expanded = self.expand_list(resolved);
        self.in_condition = false;
        // Calls of unknown function-like operators (`__has_feature(x)`) are 0.
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < expanded.len() {
            let t = &expanded[i];
            if t.kind == Kind::Ident && expanded.get(i + 1).is_some_and(|n| n.is("(")) {
                let mut depth = 0;
                let mut j = i + 1;
                while j < expanded.len() {
                    if expanded[j].is("(") {
                        depth += 1;
                    } else if expanded[j].is(")") {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                tokens.push(number_token(t, 0));
                i = j + 1;
                continue;
            }
            tokens.push(t.clone());
            i += 1;
        }
        match expr::evaluate(&tokens) {
            Ok(value) => value.bits != 0,
            Err(e) => {
                let at = match (e.ends_early, tokens.last()) {
                    (true, Some(last)) => just_after(last),
                    _ => {
                        e.at.and_then(|i| tokens.get(i))
                            .unwrap_or(directive)
                            .clone()
                    }
                };
                self.error_at(&at, e.message);
                false
            }
        }
    }

    /// `__has_include(<x.h>)` or `("x.h")` starting at `open`; returns the
    /// answer and the index after `)`.
    /// The header operand may also come from macros, as in #include.
    fn has_include(&mut self, line: &[Token], open: usize, next: bool) -> Option<(bool, usize)> {
        if !line.get(open)?.is("(") {
            return None;
        }
        let close = (open..line.len()).find(|&j| line[j].is(")"))?;
        let operand = &line[open + 1..close];
        let (name, angled) = match header_name(operand) {
            Some(found) => found,
            None => header_name(&self.expand_list(operand.to_vec()))?,
        };
        Some((self.find_header(&name, angled, next).is_some(), close + 1))
    }

    fn current_file(&self) -> Option<&FileInfo> {
        self.includes.last().map(|&i| &self.files[i as usize])
    }

    /// Whether the file being read is the unit's own, not a header.
    fn in_primary_file(&self) -> bool {
        self.includes.len() <= 1
    }

    fn find_header(&self, name: &str, angled: bool, next: bool) -> Option<include::Found> {
        // In the primary file there is nothing to go past: as gcc does,
        // `#include_next` is `#include` there.
        let next = next && !self.in_primary_file();
        let current = self.current_file();
        let start = match (next, current.and_then(|f| f.chain_index)) {
            (true, Some(index)) => index + 1,
            _ => 0,
        };
        let local = if angled || next {
            None
        } else {
            current.and_then(|f| f.path.parent().map(Path::to_path_buf))
        };
        include::find(name, &self.chain, start, local.as_deref())
    }

    fn include(&mut self, directive: &Token, line: Vec<Token>, next: bool) {
        if next && self.in_primary_file() {
            self.warn_at(directive, "#include_next in primary source file");
        }
        let last_written = line.last().unwrap_or(directive).clone();
        let line = if line
            .first()
            .is_some_and(|t| t.kind == Kind::Str || t.is("<"))
        {
            line
        } else {
            self.expand_list(line)
        };
        let Some((name, angled)) = header_name(&line) else {
            // gcc's place: the operand, or just after the line.
            let at = line
                .first()
                .cloned()
                .unwrap_or_else(|| just_after(&last_written));
            self.error_at(&at, "#include expects \"FILENAME\" or <FILENAME>");
            return;
        };
        if self.includes.len() > 200 {
            // gcc's limit and message (-fmax-include-depth).
            self.error_at(
                directive,
                "#include nested depth 200 exceeds maximum of 200",
            );
            return;
        }
        let Some(found) = self.find_header(&name, angled, next) else {
            let message = if let Some(why) = include::unsupported(&name) {
                format!("{name}: {why}")
            } else if self.options.hosted_libc {
                format!("{name}: No such file or directory")
            } else {
                format!(
                    "{name}: libc headers need -lc (or --sysroot DIR); kit ships only freestanding headers"
                )
            };
            self.error_at(&line[0], message);
            return;
        };
        if self.pragma_once.contains(&found.identity) {
            return;
        }
        if let Some(guard) = self.guards.get(&found.identity) {
            if self.macros.contains_key(guard) {
                return;
            }
        }
        match found.read() {
            Ok(text) => self.enter_file(
                found.display,
                found.path,
                text,
                found.index,
                Some(found.identity),
            ),
            Err(e) => self.error_at(&line[0], format!("{}: {e}", found.display)),
        }
    }

    fn line_directive(&mut self, directive: &Token, line: Vec<Token>) {
        let line = self.expand_list(line);
        let Some(number) = line
            .first()
            .filter(|t| t.kind == Kind::Number)
            .and_then(|t| without_separators(t).parse::<u32>().ok())
        else {
            match line.first() {
                Some(t) => {
                    let message = format!("\"{}\" after #line is not a positive integer", t.text);
                    self.error_at(t, message);
                }
                None => self.error_at(&just_after(directive), "unexpected end of file after #line"),
            }
            return;
        };
        // The lines after it, in the file it names or the one an earlier
        // #line named.
        let file = directive.file;
        let directive_line = directive.line;
        let new_name = line
            .get(1)
            .filter(|t| t.kind == Kind::Str)
            .map(|t| unquote(&t.text));
        let new_file = match new_name {
            Some(name) => {
                let index = self.files.len() as u32;
                // No text: the compiler's diagnostics then quote the line
                // as preprocessed, at its column (the current file's text
                // would give another line, and the named file, which gcc
                // reads, lines up with the code only by chance).
                let text = Rc::from("");
                let path = self.files[file as usize].path.clone();
                let chain_index = self.files[file as usize].chain_index;
                let system = self.files[file as usize].system;
                self.files.push(FileInfo {
                    display: name,
                    path,
                    text,
                    chain_index,
                    system,
                    renumbered: Vec::new(),
                });
                Some(index)
            }
            None => None,
        };
        let named = new_file.unwrap_or_else(|| self.logical(file, directive_line).0);
        self.files[file as usize].renumbered.push(Renumbering {
            from: directive_line + 1,
            number,
            file: named,
        });
    }

    /// The file and line a token read on `line` of `file` has, after the
    /// `#line` directives before it.
    fn logical(&self, file: u32, line: u32) -> (u32, u32) {
        let renumbered = &self.files[file as usize].renumbered;
        match renumbered
            .partition_point(|r| r.from <= line)
            .checked_sub(1)
        {
            Some(last) => {
                let r = &renumbered[last];
                (r.file, r.number.wrapping_add(line - r.from))
            }
            None => (file, line),
        }
    }

    /// `#pragma` and `_Pragma`. Acted on: `once`, `GCC error`, `GCC
    /// warning`, `GCC poison`, `message`, `push_macro`/`pop_macro`, `pack` (passed on
    /// to the compiler). Errors:
    /// `weak` and `redefine_extname`,
    /// which change layout or linkage and which kit's compiler would
    /// otherwise silently ignore. Dropped, as gcc drops what it does not
    /// know: the rest (`GCC diagnostic`, `STDC ...`, `GCC system_header`).
    fn pragma(&mut self, at: &Token, line: &[Token]) {
        let word = |k: usize| line.get(k).map_or("", |t: &Token| &*t.text);
        match (word(0), word(1)) {
            ("once", _) => {
                if let Some(file) = self.current_file() {
                    let identity = include::identity(&file.path);
                    self.pragma_once.insert(identity);
                }
            }
            ("GCC", "error") => {
                self.error_at(line.get(2).unwrap_or(at), pragma_text(&line[2..]))
            }
            ("GCC", "warning") => {
                self.warn_at(line.get(2).unwrap_or(at), pragma_text(&line[2..]))
            }
            ("GCC", "poison") => self.poison(&line[2..]),
            ("message", _) => {
                let (location, source) = self.location(at);
                self.report(Diagnostic {
                    severity: crate::diag::Severity::Note,
                    location: Some(location),
                    message: format!("#pragma message: {}", pragma_text(&line[1..])),
                    source_line: Some(source),
                    option: None,
                });
            }
            ("pack", _) => self.pragma_pack(at, &line[1..]),
            ("push_macro" | "pop_macro", _) => self.push_or_pop_macro(at, line),
            ("weak", _) => self.pragma_weak(at, &line[1..]),
            ("redefine_extname", _) => self.error_at(
                at,
                "#pragma redefine_extname is not supported; use an asm label: `int f(void) __asm__(\"name\");`",
            ),
            _ => {}
        }
    }

    /// `#pragma GCC poison NAME...`: a later use of a NAME in the source
    /// is an error (gcc's rule: not in skipped groups, and not where a
    /// macro defined earlier expands to it).
    fn poison(&mut self, names: &[Token]) {
        for name in names {
            if name.kind != Kind::Ident {
                self.error_at(name, "invalid #pragma GCC poison directive");
                return;
            }
            if self.macros.contains_key(&name.text) {
                let message = format!("poisoning existing macro \"{}\"", name.text);
                self.warn_at(name, message);
            }
            self.poisoned.insert(name.text.clone());
        }
    }

    /// gcc's error for a poisoned name read from the source, once a place.
    fn check_poison(&mut self, token: &Token) {
        if self.poisoned.is_empty()
            || token.expanded
            || token.kind != Kind::Ident
            || !self.poisoned.contains(&token.text)
            || !self
                .poison_reported
                .insert((token.file, token.line, token.col))
        {
            return;
        }
        let message = format!("attempt to use poisoned \"{}\"", token.text);
        self.error_at(token, message);
    }

    /// `#pragma push_macro("NAME")` saves NAME's definition (or its
    /// absence); `#pragma pop_macro("NAME")` restores the last one saved.
    fn push_or_pop_macro(&mut self, at: &Token, line: &[Token]) {
        let name = match line {
            [_, open, name, close, ..] if &*open.text == "(" && &*close.text == ")" => name
                .text
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .filter(|n| !n.is_empty()),
            _ => None,
        };
        let Some(name) = name else {
            let word = &line[0].text;
            return self.error_at(at, format!("#pragma {word} takes (\"NAME\")"));
        };
        let name: Rc<str> = Rc::from(name);
        if &*line[0].text == "push_macro" {
            let saved = self.macros.get(&name).cloned();
            self.pushed_macros.entry(name).or_default().push(saved);
            return;
        }
        // Popping with nothing pushed leaves the macro as it is (gcc).
        if let Some(saved) = self.pushed_macros.get_mut(&name).and_then(Vec::pop) {
            match saved {
                Some(definition) => {
                    self.macros.insert(name, definition);
                }
                None => {
                    self.macros.remove(&name);
                }
            }
        }
    }

    /// `#pragma pack(...)`: passed to the compiler, which lays records out
    /// by it, as a declaration it recognizes (the parser knows no pragmas):
    /// `_Static_assert(1, "__kit_pack_<push|pop|set|reset>[_N]");`, a
    /// declaration that may stand at file scope, in a block and among a
    /// struct's members.
    fn pragma_pack(&mut self, at: &Token, args: &[Token]) {
        let inner: Vec<&str> = args
            .iter()
            .map(|t| &*t.text)
            .filter(|t| !matches!(*t, "(" | ")" | ","))
            .collect();
        let number = |t: &str| {
            t.parse::<u32>()
                .ok()
                .filter(|n| n.is_power_of_two() && *n <= 16)
        };
        let marker = match inner.as_slice() {
            [] => Some("reset".to_owned()),
            ["push"] => Some("push".to_owned()),
            ["pop"] => Some("pop".to_owned()),
            [n] => number(n).map(|n| format!("set_{n}")),
            ["push", n] => number(n).map(|n| format!("push_{n}")),
            _ => None,
        };
        let Some(marker) = marker else {
            self.error_at(
                at,
                "#pragma pack: kit takes (), (N), (push), (push, N) and (pop), N a power of 2 up to 16",
            );
            return;
        };
        let token = |kind: Kind, text: String| Token {
            kind,
            text: Rc::from(text.as_str()),
            space: true,
            ..at.clone()
        };
        self.out.push(token(Kind::Ident, "_Static_assert".into()));
        self.out.push(token(Kind::Punct, "(".into()));
        self.out.push(token(Kind::Number, "1".into()));
        self.out.push(token(Kind::Punct, ",".into()));
        self.out
            .push(token(Kind::Str, format!("\"__kit_pack_{marker}\"")));
        self.out.push(token(Kind::Punct, ")".into()));
        self.out.push(token(Kind::Punct, ";".into()));
    }

    /// `#pragma weak NAME` (NAME's symbol is weak) or `#pragma weak NAME =
    /// TARGET` (NAME is a weak alias of TARGET): passed to the compiler as
    /// `extern int __kit_weak __asm__("NAME")` or `("NAME=TARGET")`.
    fn pragma_weak(&mut self, at: &Token, args: &[Token]) {
        let words: Vec<&str> = args.iter().map(|t| &*t.text).collect();
        let spec = match words.as_slice() {
            [name] => name.to_string(),
            [name, "=", target] => format!("{name}={target}"),
            _ => return self.error_at(at, "#pragma weak takes NAME or NAME = TARGET"),
        };
        let token = |kind: Kind, text: &str| Token {
            kind,
            text: Rc::from(text),
            space: true,
            ..at.clone()
        };
        for (kind, text) in [
            (Kind::Ident, "extern"),
            (Kind::Ident, "int"),
            (Kind::Ident, "__kit_weak"),
            (Kind::Ident, "__asm__"),
            (Kind::Punct, "("),
            (Kind::Str, &format!("\"{spec}\"")),
            (Kind::Punct, ")"),
            (Kind::Punct, ";"),
        ] {
            self.out.push(token(kind, text));
        }
    }

    /// `__has_attribute(name)` or `__has_builtin(name)` outside `#if`
    /// (gcc takes them anywhere): the answer in its place.
    fn feature_call(&mut self, token: &Token) -> bool {
        // The pending tokens, next first (the stack's top is its end).
        let next: Vec<Token> = self.stack.iter().rev().take(6).cloned().collect();
        let Some((name, used)) = feature_operand(&next) else {
            return false;
        };
        self.stack.truncate(self.stack.len() - used);
        self.stack
            .push(number_token(token, feature(&token.text, &name)));
        true
    }

    /// `_Pragma("...")` (C11 6.10.9), the `_Pragma` token just taken.
    fn pragma_operator(&mut self, at: &Token) {
        // The next three pending tokens, taken only when they are right
        // (an end of file among them stays where it is).
        let operand = match self.stack.len().checked_sub(3) {
            Some(start) => match &self.stack[start..] {
                [close, string, open]
                    if open.is("(") && string.kind == Kind::Str && close.is(")") =>
                {
                    Some(string.clone())
                }
                _ => None,
            },
            None => None,
        };
        let Some(string) = operand else {
            self.error_at(at, "_Pragma takes a parenthesized string literal");
            return;
        };
        self.stack.truncate(self.stack.len() - 3);
        let text = unquote(string.text.trim_start_matches('L'));
        match lex::tokenize(&text, at.file) {
            Ok(mut tokens) => {
                tokens.pop();
                for t in &mut tokens {
                    (t.line, t.col) = (at.line, at.col);
                }
                self.pragma(at, &tokens);
            }
            Err(e) => self.error_at(at, format!("in _Pragma: {}", e.message)),
        }
    }

    // ----- macro expansion -----

    /// Expands `token` if it names a macro it may expand; the replacement
    /// goes on the stack.
    fn expand(&mut self, token: &Token) -> bool {
        if self.hidesets.contains(token.hideset, &token.text) {
            return false;
        }
        if let Some(replacement) = self.dynamic(token) {
            self.stack.push(replacement);
            return true;
        }
        if FEATURE_OPERATORS.contains(&&*token.text) && self.feature_call(token) {
            return true;
        }
        if token.is("_Pragma") {
            self.pragma_operator(token);
            return true;
        }
        let Some(m) = self.macros.get(&token.text).cloned() else {
            return false;
        };
        let Some(params) = &m.params else {
            let hideset = self.hidesets.with(token.hideset, &token.text);
            let body = if m.body.iter().any(|t| t.is("##")) {
                match self.paste_object(&m.body, token) {
                    Some(body) => self.place(&body, token, hideset),
                    None => return true,
                }
            } else {
                self.place(&m.body, token, hideset)
            };
            self.stack.extend(body.into_iter().rev());
            return true;
        };
        if !self.stack.last().is_some_and(|t| t.is("(")) {
            return false;
        }
        self.stack.pop();
        let Some((args, rparen)) = self.read_args(token, params.len(), m.variadic) else {
            return true;
        };
        let common = self.hidesets.intersection(token.hideset, rparen.hideset);
        let hideset = self.hidesets.with(common, &token.text);
        let Some(body) = self.substitute(&m, params, &args, token) else {
            return true;
        };
        let body = self.place(&body, token, hideset);
        self.stack.extend(body.into_iter().rev());
        true
    }

    /// The arguments of a call whose `(` was consumed, and the `)`.
    fn read_args(
        &mut self,
        name: &Token,
        count: usize,
        variadic: bool,
    ) -> Option<(Vec<Vec<Token>>, Token)> {
        let mut args: Vec<Vec<Token>> = vec![Vec::new()];
        let mut depth = 0;
        loop {
            let Some(token) = self.stack.pop() else {
                self.error_at(
                    name,
                    format!(
                        "unterminated argument list invoking macro \"{}\"",
                        name.text
                    ),
                );
                return None;
            };
            if token.is("#") && token.bol && !token.expanded {
                // A directive inside the arguments (gcc allows it).
                self.directive(token);
                continue;
            }
            if token.kind == Kind::Eof {
                self.stack.push(token);
                self.error_at(
                    name,
                    format!(
                        "unterminated argument list invoking macro \"{}\"",
                        name.text
                    ),
                );
                return None;
            }
            if token.is(")") && depth == 0 {
                let given = args.len();
                // `f()` passes no argument to a macro that takes none,
                // and one empty argument to a macro that takes one.
                let ok = if count == 0 {
                    given == 1 && args[0].is_empty()
                } else {
                    given == count || (variadic && given + 1 == count)
                };
                if !ok {
                    // gcc's words, at the `)`.
                    let message = if given > count {
                        format!(
                            "macro \"{}\" passed {given} arguments, but takes just {count}",
                            name.text
                        )
                    } else {
                        format!(
                            "macro \"{}\" requires {count} arguments, but only {given} given",
                            name.text
                        )
                    };
                    self.error_at(&token, message);
                    return None;
                }
                while args.len() < count {
                    args.push(Vec::new());
                }
                return Some((args, token));
            }
            if token.is(",") && depth == 0 && !(variadic && args.len() == count) {
                args.push(Vec::new());
                continue;
            }
            if token.is("(") {
                depth += 1;
            } else if token.is(")") {
                depth -= 1;
            }
            self.check_poison(&token);
            let mut token = token;
            if args.last().is_some_and(Vec::is_empty) {
                token.bol = false;
            }
            args.last_mut().expect("at least one").push(token);
        }
    }

    /// The body with parameters replaced, `#` and `##` applied.
    fn substitute(
        &mut self,
        m: &Macro,
        params: &[Rc<str>],
        args: &[Vec<Token>],
        call: &Token,
    ) -> Option<Vec<Token>> {
        let arg_of = |t: &Token| -> Option<usize> {
            if t.kind != Kind::Ident {
                return None;
            }
            params.iter().position(|p| **p == *t.text)
        };
        let body = &m.body;
        let mut out: Vec<Token> = Vec::with_capacity(body.len());
        // Each argument is macro-expanded once, at its first use (as gcc
        // does: `__COUNTER__` passed to `x x` gives one number twice).
        let mut expanded: Vec<Option<Vec<Token>>> = vec![None; args.len()];
        let mut i = 0;
        while i < body.len() {
            let t = &body[i];
            // C23 `__VA_OPT__(tokens)`: the tokens when the variable
            // arguments are present, else nothing.
            if t.is("__VA_OPT__") && m.variadic && body.get(i + 1).is_some_and(|n| n.is("(")) {
                let Some(close) = matching_paren(body, i + 1) else {
                    self.error_at(call, "unterminated __VA_OPT__");
                    return None;
                };
                if args.last().is_some_and(|a| !a.is_empty()) {
                    let inner = Macro {
                        params: m.params.clone(),
                        variadic: true,
                        body: body[i + 2..close].to_vec(),
                    };
                    out.extend(self.substitute(&inner, params, args, call)?);
                } else {
                    out.push(placemarker(t));
                }
                i = close + 1;
                continue;
            }
            if t.is("#") {
                if let Some(a) = body.get(i + 1).and_then(arg_of) {
                    out.push(stringize(&args[a], t));
                    i += 2;
                    continue;
                }
                self.error_at(call, "'#' is not followed by a macro parameter");
                return None;
            }
            // GNU: `, ## __VA_ARGS__` drops the comma when the args are empty.
            if t.is(",") && body.get(i + 1).is_some_and(|n| n.is("##")) {
                if let Some(a) = body
                    .get(i + 2)
                    .and_then(arg_of)
                    .filter(|&a| m.variadic && a == params.len() - 1)
                {
                    if args[a].is_empty() {
                        i += 3;
                    } else {
                        out.push(t.clone());
                        out.extend(args[a].iter().cloned());
                        i += 3;
                    }
                    continue;
                }
            }
            if t.is("##") {
                let rhs = body.get(i + 1)?;
                let right: Vec<Token> = match arg_of(rhs) {
                    Some(a) if args[a].is_empty() => vec![placemarker(rhs)],
                    Some(a) => args[a].clone(),
                    None => vec![rhs.clone()],
                };
                match (out.pop(), right.first()) {
                    (Some(left), Some(first)) if is_placemarker(&left) => {
                        let _ = first;
                        out.extend(right);
                    }
                    (Some(left), Some(first)) if is_placemarker(first) => out.push(left),
                    (Some(left), Some(first)) => {
                        let pasted = self.paste(&left, first, call)?;
                        out.push(pasted);
                        out.extend(right.into_iter().skip(1));
                    }
                    (left, _) => {
                        out.extend(left);
                        out.extend(right);
                    }
                }
                i += 2;
                continue;
            }
            if let Some(a) = arg_of(t) {
                if body.get(i + 1).is_some_and(|n| n.is("##")) {
                    if args[a].is_empty() {
                        out.push(placemarker(t));
                    }
                    out.extend(args[a].iter().cloned());
                } else {
                    if expanded[a].is_none() {
                        expanded[a] = Some(self.expand_list(args[a].clone()));
                    }
                    let start = out.len();
                    out.extend(expanded[a].iter().flatten().cloned());
                    if let Some(first) = out.get_mut(start) {
                        first.space = t.space;
                    }
                }
                i += 1;
                continue;
            }
            out.push(t.clone());
            i += 1;
        }
        out.retain(|t| !is_placemarker(t));
        Some(out)
    }

    /// An object-like macro's body with its `##` applied.
    fn paste_object(&mut self, body: &[Token], call: &Token) -> Option<Vec<Token>> {
        let mut out: Vec<Token> = Vec::with_capacity(body.len());
        let mut i = 0;
        while i < body.len() {
            match (out.pop(), body.get(i + 1)) {
                (Some(left), Some(right)) if body[i].is("##") => {
                    out.push(self.paste(&left, right, call)?);
                    i += 2;
                }
                (left, _) => {
                    out.extend(left);
                    out.push(body[i].clone());
                    i += 1;
                }
            }
        }
        Some(out)
    }

    fn paste(&mut self, left: &Token, right: &Token, call: &Token) -> Option<Token> {
        let text = format!("{}{}", left.text, right.text);
        match lex::tokenize(&text, left.file) {
            Ok(tokens) if tokens.len() == 2 => {
                let mut token = tokens[0].clone();
                token.file = left.file;
                token.line = left.line;
                token.col = left.col;
                token.space = left.space;
                token.bol = false;
                token.hideset = left.hideset;
                Some(token)
            }
            _ => {
                self.error_at(
                    call,
                    format!(
                        "pasting \"{}\" and \"{}\" does not give a valid preprocessing token",
                        left.text, right.text
                    ),
                );
                None
            }
        }
    }

    /// Copies of `body` at the use site `at`, with `hideset` added.
    fn place(&mut self, body: &[Token], at: &Token, hideset: HideSet) -> Vec<Token> {
        body.iter()
            .enumerate()
            .map(|(i, t)| Token {
                file: at.file,
                line: at.line,
                col: at.col,
                bol: false,
                space: if i == 0 { at.space } else { t.space },
                hideset: self.hidesets.union(hideset, t.hideset),
                expanded: true,
                ..t.clone()
            })
            .collect()
    }

    /// Fully macro-expands a token list on its own (arguments, #if lines).
    /// The list goes on top of the pending tokens, over an end-of-file
    /// mark that nothing reads past (macro calls end at it), so no
    /// expansion here sees what follows the list.
    fn expand_list(&mut self, tokens: Vec<Token>) -> Vec<Token> {
        let floor = self.stack.len();
        let eof = Token {
            kind: Kind::Eof,
            ..tokens.first().cloned().unwrap_or_else(dummy_token)
        };
        let mut out = Vec::with_capacity(tokens.len());
        self.stack.push(eof);
        self.stack.extend(tokens.into_iter().rev());
        while let Some(token) = self.stack.pop() {
            if token.kind == Kind::Eof {
                break;
            }
            if self.in_condition && token.is("defined") {
                let value = self.defined_operator(&token);
                out.push(number_token(&token, value as i64));
                continue;
            }
            if token.kind == Kind::Ident && self.expand(&token) {
                continue;
            }
            out.push(token);
        }
        debug_assert_eq!(self.stack.len(), floor, "the end mark was taken");
        out
    }

    /// `defined X` or `defined(X)` that a macro expansion produced in #if
    /// (gcc evaluates it; C leaves it undefined), `defined` just taken.
    fn defined_operator(&mut self, at: &Token) -> bool {
        let paren = self.stack.last().is_some_and(|t| t.is("("));
        if paren {
            self.stack.pop();
        }
        // Only a name is taken: the end of the list stays for expand_list.
        let name = match self.stack.last() {
            Some(t) if t.kind == Kind::Ident => self.stack.pop(),
            _ => None,
        };
        if paren && name.is_some() && self.stack.last().is_some_and(|t| t.is(")")) {
            self.stack.pop();
        }
        match name {
            Some(name) => self.is_defined(&name.text),
            None => {
                self.error_at(at, "operator \"defined\" requires an identifier");
                false
            }
        }
    }

    /// __FILE__, __LINE__ and friends.
    fn stamp(&self) -> &predefined::Stamp {
        self.stamp.get_or_init(predefined::build_stamp)
    }

    fn dynamic(&mut self, token: &Token) -> Option<Token> {
        let (shown, line) = self.logical(token.file, token.line);
        let file = &self.files[token.file as usize];
        let text = match &*token.text {
            "__FILE__" => format!("\"{}\"", escape(&self.files[shown as usize].display)),
            "__BASE_FILE__" => {
                let main = self.files.iter().find(|f| f.display != "<command-line>");
                format!("\"{}\"", escape(main.map_or("", |f| f.display.as_str())))
            }
            "__LINE__" => line.to_string(),
            "__COUNTER__" => {
                self.counter += 1;
                (self.counter - 1).to_string()
            }
            "__INCLUDE_LEVEL__" => self.includes.len().saturating_sub(1).to_string(),
            "__DATE__" => format!("\"{}\"", self.stamp().date),
            "__TIME__" => format!("\"{}\"", self.stamp().time),
            "__TIMESTAMP__" => {
                let modified = std::fs::metadata(&file.path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs() as i64);
                format!("\"{}\"", predefined::stamp(modified, false).timestamp)
            }
            _ => return None,
        };
        let kind = if text.starts_with('"') {
            Kind::Str
        } else {
            Kind::Number
        };
        Some(Token {
            kind,
            text: Rc::from(text),
            expanded: true,
            ..token.clone()
        })
    }

    // ----- output -----

    /// The tokens as text with line markers. Tokens keep their source
    /// line, and their column where the line so far allows (spaces pad up
    /// to it), so an offset in the output maps back to file:line:col.
    fn render(&self) -> String {
        let mut out = String::with_capacity(self.out.len() * 4);
        let mut file = u32::MAX;
        let mut line = 0u32;
        let mut line_start = 0usize;
        for token in &self.out {
            let (token_file, token_line) = self.logical(token.file, token.line);
            if token_file != file || token_line < line || token_line > line + 8 {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str("# ");
                out.push_str(&token_line.to_string());
                out.push_str(" \"");
                out.push_str(&escape(&self.files[token_file as usize].display));
                out.push_str("\"\n");
                file = token_file;
                line = token_line;
                line_start = out.len();
            } else if line < token_line {
                while line < token_line {
                    out.push('\n');
                    line += 1;
                }
                line_start = out.len();
            }
            let col = (out.len() - line_start + 1) as u32;
            if token.col > col {
                out.extend(std::iter::repeat_n(' ', (token.col - col) as usize));
            } else if col > 1 && (token.space || needs_space(&out, token)) {
                out.push(' ');
            }
            out.push_str(&without_separators(token));
        }
        out.push('\n');
        out
    }
}

/// The attributes `__has_attribute` answers 1 for: those kit acts on,
/// and hints it may ignore without changing what the program does. Not
/// those it refuses (`ms_abi`, `ifunc`, ...) nor those whose diagnostics
/// it does not give (`error`, `warning`).
const HONOURED_ATTRIBUTES: &[&str] = &[
    "aligned",
    "alias",
    "alloc_align",
    "alloc_size",
    "always_inline",
    "artificial",
    "assume_aligned",
    "cleanup",
    "cold",
    "common",
    "const",
    "constructor",
    "deprecated",
    "designated_init",
    "destructor",
    "externally_visible",
    "fallthrough",
    "flatten",
    "format",
    "format_arg",
    "gcc_struct",
    "gnu_inline",
    "hot",
    "leaf",
    "malloc",
    "may_alias",
    "mode",
    "no_instrument_function",
    "noclone",
    "nocommon",
    "noinline",
    "noipa",
    "nonnull",
    "nonstring",
    "noreturn",
    "nothrow",
    "packed",
    "pure",
    "returns_nonnull",
    "returns_twice",
    "section",
    "sentinel",
    "tls_model",
    "transparent_union",
    "unused",
    "used",
    "vector_size",
    "visibility",
    "warn_unused_result",
    "weak",
    "weakref",
];

/// gcc's operators that answer whether kit has an attribute or builtin.
const FEATURE_OPERATORS: &[&str] = &["__has_attribute", "__has_c_attribute", "__has_builtin"];

/// What `operator(name)` answers (one of `FEATURE_OPERATORS`).
/// The location of `line`:`col` in the file `display` whose text is
/// `text`, and that line.
fn place_in(display: &str, text: &str, line: u32, col: u32) -> (Location, String) {
    let source = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
        .to_owned();
    let location = Location {
        path: display.to_owned(),
        line,
        col,
    };
    (location, source)
}

fn feature(operator: &str, name: &str) -> i64 {
    match operator {
        "__has_builtin" => i64::from(crate::cc::has_builtin(name)),
        "__has_c_attribute" => {
            crate::cc::standard_attributes::has_c_attribute(name, |gnu| has_attribute(gnu) != 0)
        }
        _ => has_attribute(name),
    }
}

/// A feature operator's parenthesized operand at the start of `tokens`:
/// a name, or a scoped one (`gnu::packed`, `::` being two `:` tokens
/// before C23), and how many tokens it took.
fn feature_operand(tokens: &[Token]) -> Option<(String, usize)> {
    let is_name = |k: usize| tokens.get(k).is_some_and(|t| t.kind == Kind::Ident);
    let is = |k: usize, text: &str| tokens.get(k).is_some_and(|t| t.is(text));
    if !is(0, "(") || !is_name(1) {
        return None;
    }
    if is(2, ")") {
        return Some((tokens[1].text.to_string(), 3));
    }
    if is(2, ":") && is(3, ":") && is_name(4) && is(5, ")") {
        return Some((format!("{}::{}", tokens[1].text, tokens[4].text), 6));
    }
    None
}

/// What `__has_attribute(name)` gives: 0 unless kit honours it; gcc's
/// 201904 for the attributes C2x standardizes, else 1.
fn has_attribute(name: &str) -> i64 {
    let name = name.trim_matches('_');
    match name {
        _ if !HONOURED_ATTRIBUTES.contains(&name) => 0,
        "deprecated" | "fallthrough" => 201904,
        _ => 1,
    }
}

fn dynamic_macro(name: &str) -> bool {
    matches!(
        name,
        "__FILE__"
            | "__LINE__"
            | "__COUNTER__"
            | "__BASE_FILE__"
            | "__INCLUDE_LEVEL__"
            | "__DATE__"
            | "__TIME__"
            | "__TIMESTAMP__"
    )
}

/// A space between two tokens that would otherwise lex differently when
/// written together (`-` `-`, `/` `*`, `L` `"s"`, `1` `.5`, `x` `y`).
fn needs_space(out: &str, token: &Token) -> bool {
    let (Some(&last), Some(&first)) = (out.as_bytes().last(), token.text.as_bytes().first()) else {
        return false;
    };
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
    if word(last) {
        // Identifiers and pp-numbers run on; `L"x"` and `1.` change meaning.
        return word(first) || matches!(first, b'"' | b'\'' | b'.');
    }
    if last == b'.' {
        return first.is_ascii_digit() || first == b'.';
    }
    if last.is_ascii_punctuation() && first.is_ascii_punctuation() {
        return lex::punctuator_len(&[last, first]) == 2
            || (last == b'/' && matches!(first, b'*' | b'/'));
    }
    false
}

/// A place just after `token` on its line, where gcc reports what is
/// missing after it.
fn just_after(token: &Token) -> Token {
    Token {
        col: token.col + token.text.chars().count() as u32,
        ..token.clone()
    }
}

fn dummy_token() -> Token {
    Token {
        kind: Kind::Eof,
        text: Rc::from(""),
        file: 0,
        line: 1,
        col: 1,
        bol: false,
        space: false,
        hideset: HideSet::EMPTY,
        expanded: true,
        digraph: false,
    }
}

fn number_token(at: &Token, value: i64) -> Token {
    Token {
        kind: Kind::Number,
        text: Rc::from(value.to_string()),
        ..at.clone()
    }
}

/// The index of the `)` matching the `(` at `open`.
fn matching_paren(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// The empty token C11 6.10.3.3 puts in place of an empty argument next
/// to `##`; removed after pasting.
fn placemarker(at: &Token) -> Token {
    Token {
        kind: Kind::Other,
        text: Rc::from(""),
        ..at.clone()
    }
}

fn is_placemarker(token: &Token) -> bool {
    token.kind == Kind::Other && token.text.is_empty()
}

/// `#x`: the argument's spelling as a string literal; `"` and `\` are
/// escaped inside string and character literals only (C11 6.10.3.2).
fn stringize(arg: &[Token], at: &Token) -> Token {
    let mut text = String::new();
    for (i, t) in arg.iter().enumerate() {
        if i > 0 && t.space {
            text.push(' ');
        }
        match t.kind {
            Kind::Str | Kind::Char => text.push_str(&escape(&t.text)),
            Kind::Punct if t.digraph => {
                text.push_str(lex::digraph_spelling(&t.text).unwrap_or(&t.text))
            }
            _ => text.push_str(&t.text),
        }
    }
    Token {
        kind: Kind::Str,
        digraph: false,
        text: Rc::from(format!("\"{text}\"")),
        ..at.clone()
    }
}

/// A token's text as the compiler reads it: a number without its digit
/// separators (`1'000` is `1000`; `#` keeps them).
fn without_separators(token: &Token) -> std::borrow::Cow<'_, str> {
    match token.kind {
        Kind::Number if token.text.contains('\'') => token.text.replace('\'', "").into(),
        _ => (*token.text).into(),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A string literal's contents with `\\` and `\"` undone (C11 6.10.9's
/// destringizing; also #line file names).
fn unquote(text: &str) -> String {
    let inner = text.strip_prefix('"').unwrap_or(text);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('\\' | '"'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// `"name"` or `< name >` from tokens; true when angled.
fn header_name(tokens: &[Token]) -> Option<(String, bool)> {
    let first = tokens.first()?;
    if first.kind == Kind::Str && first.text.starts_with('"') {
        return Some((first.text[1..first.text.len() - 1].to_owned(), false));
    }
    if first.is("<") {
        let close = tokens.iter().position(|t| t.is(">"))?;
        let mut name = String::new();
        for (i, t) in tokens[1..close].iter().enumerate() {
            if i > 0 && t.space {
                name.push(' ');
            }
            name.push_str(&t.text);
        }
        return Some((name, true));
    }
    None
}

/// The text of `#pragma GCC error "text"` or `message ("text")`: the string
/// literals' contents, else the tokens as written.
fn pragma_text(tokens: &[Token]) -> String {
    let strings: Vec<&Token> = tokens.iter().filter(|t| t.kind == Kind::Str).collect();
    if strings.is_empty() {
        join(tokens)
    } else {
        strings.iter().map(|t| unquote(&t.text)).collect()
    }
}

fn join(tokens: &[Token]) -> String {
    let mut text = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && t.space {
            text.push(' ');
        }
        text.push_str(&t.text);
    }
    text
}

/// The guard macro of a file wrapped whole in `#ifndef X / #define X ... #endif`.
fn include_guard(tokens: &[Token]) -> Option<Rc<str>> {
    let t = |i: usize| tokens.get(i);
    if !(t(0)?.is("#") && t(1)?.is("ifndef") && t(2)?.kind == Kind::Ident) {
        return None;
    }
    let guard = t(2)?.text.clone();
    if !(t(3)?.is("#") && t(4)?.is("define") && t(5)?.text == guard) {
        return None;
    }
    // The matching #endif must be the file's last tokens.
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if token.is("#") && token.bol {
            match tokens.get(i + 1).map(|n| &*n.text) {
                Some("if" | "ifdef" | "ifndef") => depth += 1,
                // Another branch of the guard's own #ifndef: a second
                // inclusion must read the file again.
                Some("elif" | "elifdef" | "elifndef" | "else") if depth == 1 => return None,
                Some("endif") => {
                    depth -= 1;
                    if depth == 0 {
                        let rest = &tokens[i + 2..];
                        return rest.iter().all(|r| r.kind == Kind::Eof).then_some(guard);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests;
