//! Constraint violations of C11 (and the ones gcc 14 makes errors): each is
//! refused by the real `kit` binary with gcc's wording at the offending
//! construct, and gcc itself rejects the same source, so the golden
//! verdict comes from the reference compiler. Valid neighbours of each
//! case compile and run, so no check refuses correct C.

mod common;

use std::process::Command;

use common::{kit_with, run_command};

/// gcc with the errors gcc 14 has by default (gcc 12 on the CI machine
/// only warns about these).
const GCC_FLAGS: &[&str] = &[
    "-std=gnu11",
    "-fsyntax-only",
    "-Werror=int-conversion",
    "-Werror=incompatible-pointer-types",
    "-Werror=return-type",
    "-x",
    "c",
    "-",
];

fn gcc_accepts(source: &str) -> bool {
    let mut command = Command::new("gcc");
    command.args(GCC_FLAGS);
    run_command(command, source).code == 0
}

/// Each source is refused with `expected` (after `<stdin>:`), and gcc
/// refuses it too.
fn refused(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (source, expected) in cases {
        assert!(!gcc_accepts(source), "gcc accepts {source:?}");
        let run = kit_with(&["run", "-"], source, &[]);
        run.expect_no_panic();
        let wanted = format!("<stdin>:{expected}");
        if run.code != 1 || !run.stdout.is_empty() || !run.stderr.contains(&wanted) {
            wrong.push(format!(
                "for {source:?}\nwanted {wanted:?}\ngot {}",
                run.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Each source compiles and exits 0, as under gcc.
fn accepted(cases: &[&str]) {
    for source in cases {
        assert!(gcc_accepts(source), "gcc refuses {source:?}");
        let run = kit_with(&["run", "-"], source, &[]);
        assert_eq!(run.code, 0, "for {source:?}: {}", run.stderr);
    }
}

#[test]
fn declarations_break_their_constraints() {
    refused(&[
        (
            "int a[-1];\nint main(void) { return 0; }\n",
            "1:5: error: size of array 'a' is negative",
        ),
        (
            "int main(void) { char a[1L << 62][8]; return 0; }\n",
            "1:23: error: size of array 'a' is too large",
        ),
        (
            "char x[(int *)0 + 2];\nint main(void) { return 0; }\n",
            "1:6: error: size of array 'x' has non-integer type",
        ),
        (
            "struct w { int x; _Static_assert(sizeof(int) == 8, \"eight\"); };\nint main(void) { return 0; }\n",
            "1:19: error: static assertion failed: \"eight\"",
        ),
        (
            "int main(void) { void x; return 0; }\n",
            "1:23: error: variable or field 'x' declared void",
        ),
        (
            "void f(void x) {}\nint main(void) { return 0; }\n",
            "1:13: error: parameter 'x' has incomplete type 'void'",
        ),
        (
            "void f(int a, void) {}\nint main(void) { return 0; }\n",
            "1:15: error: 'void' must be the only parameter",
        ),
        (
            "struct s { int a; long a; };\nint main(void) { return 0; }\n",
            "1:24: error: duplicate member 'a'",
        ),
        (
            "struct s { int a; struct { int b, a; }; };\nint main(void) { return 0; }\n",
            // gcc points at the inner `a` (1:35); kit at the anonymous member.
            "1:19: error: duplicate member 'a'",
        ),
        (
            "struct s { int a[]; };\nint main(void) { return 0; }\n",
            "1:16: error: flexible array member in a struct with no named members",
        ),
        (
            "struct s { int n; int a[]; int z; };\nint main(void) { return 0; }\n",
            "1:23: error: flexible array member not at end of struct",
        ),
        (
            "struct s { int a; };\nstruct s { int a; };\nint main(void) { return 0; }\n",
            "2:8: error: redefinition of 'struct s'",
        ),
        (
            "enum { A, B, A };\nint main(void) { return 0; }\n",
            "1:14: error: redeclaration of enumerator 'A'",
        ),
        (
            "int x;\ndouble x;\nint main(void) { return 0; }\n",
            "2:8: error: conflicting types for 'x'; have 'double'",
        ),
        (
            "int f(int);\nint f(long a, int b) { return a + b; }\nint main(void) { return 0; }\n",
            "2:5: error: conflicting types for 'f'; have 'int(long int, int)'",
        ),
        (
            "typedef int T;\ntypedef double T;\nint main(void) { return 0; }\n",
            "2:16: error: conflicting types for 'T'; have 'double'",
        ),
        (
            "struct f { int n; char a[]; };\nint main(void) { struct f x = { 1, \"ab\" }; return x.n; }\n",
            "2:36: error: non-static initialization of a flexible array member",
        ),
        (
            "int main(void) { int x = {}; return x; }\n",
            "1:26: error: empty scalar initializer",
        ),
        (
            "int x = { };\nint main(void) { return x; }\n",
            "1:9: error: empty scalar initializer",
        ),
        (
            "struct f { int n; int a[]; };\nint main(void) { struct f x = { 1, {2} }; return x.n; }\n",
            "2:36: error: non-static initialization of a flexible array member",
        ),
        (
            "struct f { int n; int a[]; };\nint main(void) { struct f x = { .a = { 2 }, .n = 1 }; return x.n; }\n",
            "2:38: error: non-static initialization of a flexible array member",
        ),
        (
            "struct s { _Bool b : 2; };\nint main(void) { return 0; }\n",
            "1:18: error: width of 'b' exceeds its type",
        ),
        (
            "typedef _Alignas(16) int T;\nint main(void) { return 0; }\n",
            "1:26: error: alignment specified for typedef 'T'",
        ),
        (
            "struct s { _Alignas(16) int b : 3; };\nint main(void) { return 0; }\n",
            "1:29: error: alignment specified for bit-field 'b'",
        ),
        (
            "_Alignas(16) int f(void);\nint main(void) { return 0; }\n",
            "1:18: error: alignment specified for function 'f'",
        ),
        (
            "int g(_Alignas(16) int p);\nint main(void) { return 0; }\n",
            "1:24: error: alignment specified for parameter 'p'",
        ),
        (
            "int main(void) { _Alignas(16) register int x = 1; return x; }\n",
            "1:44: error: alignment specified for 'register' object 'x'",
        ),
        (
            "auto int x;\nint main(void) { return 0; }\n",
            "1:10: error: file-scope declaration of 'x' specifies 'auto'",
        ),
        (
            "register int x;\nint main(void) { return 0; }\n",
            "1:14: error: file-scope declaration of 'x' specifies 'register'",
        ),
        (
            "int main(void) { static extern int x; return 0; }\n",
            "1:25: error: multiple storage classes in declaration specifiers",
        ),
        (
            "int f(static int x) { return x; }\nint main(void) { return 0; }\n",
            "1:18: error: storage class specified for parameter 'x'",
        ),
        (
            "_Thread_local int f(void);\nint main(void) { return 0; }\n",
            "1:19: error: function 'f' declared '_Thread_local'",
        ),
        (
            "int main(void) { typedef _Thread_local int T; return 0; }\n",
            "1:26: error: '_Thread_local' used with 'typedef'",
        ),
        (
            "int main(void) { restrict int x = 0; return x; }\n",
            // gcc points at 1:1.
            "1:18: error: invalid use of 'restrict'",
        ),
        (
            "_Static_assert(sizeof(int) == 5);\nint main(void) { return 0; }\n",
            "1:1: error: static assertion failed",
        ),
    ]);
}

#[test]
fn expressions_break_their_constraints() {
    refused(&[
        (
            "int main(void) { const int x = 1; x = 2; return x; }\n",
            "1:37: error: assignment of read-only variable 'x'",
        ),
        ("int main(void) { const int x = 1; x++; return x; }\n", "1:36: error: increment of read-only variable 'x'"),
        (
            "int main(void) { const int a[2] = {1, 2}; a[1] = 0; return 0; }\n",
            "1:48: error: assignment of read-only location 'a[1]'",
        ),
        (
            "typedef int A[3];\nconst A ca = {1};\nint main(void) { ca[0] = 2; return 0; }\n",
            "3:24: error: assignment of read-only location 'ca[0]'",
        ),
        (
            "int f(const int *p) { *p = 1; return 0; }\nint main(void) { return 0; }\n",
            "1:26: error: assignment of read-only location '*p'",
        ),
        (
            "struct s { int a; };\nint f(const struct s *p) { p->a = 1; return 0; }\nint main(void) { return 0; }\n",
            "2:33: error: assignment of member 'a' in read-only object",
        ),
        (
            "int main(void) { int v = 0; int *const p = &v; p = 0; return 0; }\n",
            "1:50: error: assignment of read-only variable 'p'",
        ),
        ("const int g = 1;\nint main(void) { g = 2; return 0; }\n", "2:20: error: assignment of read-only variable 'g'"),
        (
            "struct s { const int x; };\nint main(void) { struct s v = {1}; v.x = 2; return v.x; }\n",
            "2:40: error: assignment of read-only member 'x'",
        ),
        (
            "struct s { const int x; };\nint main(void) { struct s v = {1}, *p = &v; p->x++; return v.x; }\n",
            "2:49: error: increment of read-only member 'x'",
        ),
        (
            "struct in { const int x; };\nstruct out { struct in i; };\nint main(void) { struct out a = {{1}}, b = {{2}}; a = b; return 0; }\n",
            "3:53: error: assignment of read-only variable 'a'",
        ),
        (
            "const int *f(void);\nint main(void) { *f() = 1; return 0; }\n",
            "2:23: error: assignment of read-only location '*f()'",
        ),
        // The pointer's value after `++`, `--` or an assignment points
        // where it did; gcc prints the location as C.
        (
            "int f(const char *s) { *s++ = 0; return 0; }\nint main(void) { return 0; }\n",
            "1:29: error: assignment of read-only location '*s++'",
        ),
        (
            "int f(const char *s) { --*--s; return 0; }\nint main(void) { return 0; }\n",
            "1:24: error: decrement of read-only location '*--s'",
        ),
        (
            "int f(const char *s, const char *t) { *(s = t) = 0; return 0; }\nint main(void) { return 0; }\n",
            "1:48: error: assignment of read-only location",
        ),
        (
            "int f(const char *s) { *(s += 2) += 1; return 0; }\nint main(void) { return 0; }\n",
            "1:34: error: assignment of read-only location",
        ),
        (
            "int f(const int *p) { p[2] = 1; p[-1] = 1; return 0; }\nint main(void) { return 0; }\n",
            "1:28: error: assignment of read-only location '*(p + 8)'",
        ),
        (
            "const int a[3][2];\nint f(int i) { a[i][1]++; return 0; }\nint main(void) { return 0; }\n",
            "2:23: error: increment of read-only location 'a[i][1]'",
        ),
        (
            "typedef const int C;\nint main(void) { C c = 1; c = 2; return c; }\n",
            "2:29: error: assignment of read-only variable 'c'",
        ),
        (
            "typedef const char *S;\nint main(void) { char b[2]; S s = b; *s = 1; return 0; }\n",
            "2:41: error: assignment of read-only location '*s'",
        ),
        ("int main(void) { int a[2], b[2]; a = b; return 0; }\n", "1:36: error: assignment to expression with array type"),
        (
            "int main(void) { int *p = 0; float *q = 0; return p - q; }\n",
            "1:53: error: invalid operands to binary - (have 'int *' and 'float *')",
        ),
        (
            "int main(void) { int *p; p = 3.0; return 0; }\n",
            "1:30: error: incompatible types when assigning to type 'int *' from type 'double'",
        ),
        (
            "int main(void) { int *p = 5; return 0; }\n",
            "1:27: error: initialization of 'int *' from 'int' makes pointer from integer without a cast",
        ),
        // In an assignment gcc reports these at the `=`.
        (
            "int main(void) { int *p; p = 5; return 0; }\n",
            "1:28: error: assignment to 'int *' from 'int' makes pointer from integer without a cast",
        ),
        (
            "int main(void) { int x, *p = &x; x = p; return x; }\n",
            "1:36: error: assignment to 'int' from 'int *' makes integer from pointer without a cast",
        ),
        (
            "int *g(void) { return 1.5; }\nint main(void) { return 0; }\n",
            "1:23: error: incompatible types when returning type 'double' but 'int *' was expected",
        ),
        (
            "int main(void) { int x = 0; int *p = &x; int y = p; return y; }\n",
            "1:50: error: initialization of 'int' from 'int *' makes integer from pointer without a cast",
        ),
        (
            "int main(void) { int x = 0; float *p = &x; return 0; }\n",
            "1:40: error: initialization of 'float *' from incompatible pointer type 'int *'",
        ),
        (
            "void f(int a) {}\nvoid (*ptr)(float);\nint main(void) { ptr = f; return 0; }\n",
            "3:22: error: assignment to 'void (*)(float)' from incompatible pointer type 'void (*)(int)'",
        ),
        (
            "int f(long *p) { return 0; }\nint main(void) { int x = 0; return f(&x); }\n",
            "2:38: error: passing argument 1 of 'f' from incompatible pointer type",
        ),
        (
            "int *f(double *d) { return d; }\nint main(void) { return 0; }\n",
            "1:28: error: returning 'double *' from a function with incompatible return type 'int *'",
        ),
        ("void f(void) { return 1; }\nint main(void) { return 0; }\n", "1:23: error: 'return' with a value, in function returning void"),
        ("int f(void) { return; }\nint main(void) { return f(); }\n", "1:15: error: 'return' with no value, in function returning non-void"),
        (
            "int main(void) { int i = 0; return _Generic(i, int: 1, int: 2); }\n",
            "1:56: error: '_Generic' specifies two compatible types",
        ),
        (
            "int main(void) { int n = 3; goto in; int a[n]; in: return 0; }\n",
            "1:29: error: jump into scope of identifier with variably modified type",
        ),
    ]);
}

#[test]
fn more_declarations_and_expressions_break_their_constraints() {
    refused(&[
        (
            "int main(void) { return _Generic(1, default: 0, int: 1, default: 2); }\n",
            "1:57: error: duplicate 'default' case in '_Generic'",
        ),
        (
            "int x;\nint main(void) { int x = 1; static int *p = &x; return *p; }\n",
            "2:45: error: initializer element is not constant",
        ),
        (
            "int main(void) { int a = 0; const int *p = &a; int *q = &a; *(a ? p : q) = 1; return a; }\n",
            "1:74: error: assignment of read-only location",
        ),
        (
            "int main(void) { int a = 0; const int *p = &a; *({ p; }) = 1; return a; }\n",
            "1:58: error: assignment of read-only location",
        ),
        (
            // gcc reports it at the declaration's start (2:1).
            "typedef struct { char c[129]; } Bar __attribute__((aligned(128)));\nBar bars[4];\nint main(void) { return 0; }\n",
            "2:9: error: size of array element is not a multiple of its alignment",
        ),
        (
            "int g;\nint main(void) {\n  __attribute__((cleanup(g))) int y = 0;\n  return y;\n}\n",
            "3:3: error: cleanup argument not a function",
        ),
        (
            "void f(int *a, int b);\nint main(void) { __attribute__((cleanup(f))) int x = 0; return x; }\n",
            "2:50: error: too few arguments to function 'f'",
        ),
        (
            "int main(void) { return __builtin_isnan(3); }\n",
            "1:41: error: non-floating-point argument in call to function '__builtin_isnan'",
        ),
        (
            "int main(void) { return __builtin_isless(1, 2); }\n",
            "1:25: error: non-floating-point arguments in call to function '__builtin_isless'",
        ),
        (
            "int main(void) { int *p = 0; return (int)__real__ p; }\n",
            "1:42: error: wrong type argument to __real",
        ),
        (
            "extern int v;\nconst int v = 1;\nint main(void) { return v - 1; }\n",
            "2:11: error: conflicting type qualifiers for 'v'",
        ),
        (
            "long long long x;\nint main(void) { return 0; }\n",
            "1:11: error: 'long long long' is too long for GCC",
        ),
        (
            "int main(void) { short short s = 0; return s; }\n",
            "1:24: error: duplicate 'short'",
        ),
        (
            "int main(void) { unsigned unsigned u = 0; return (int)u; }\n",
            "1:27: error: duplicate 'unsigned'",
        ),
        (
            "int main(void) { long short s = 0; return s; }\n",
            "1:23: error: both 'long' and 'short' in declaration specifiers",
        ),
        (
            "union u { int n; int a[]; };\nint main(void) { return 0; }\n",
            "1:22: error: flexible array member in union",
        ),
        (
            "struct t; struct s { int n; struct t *p, m; };\nint main(void) { return 0; }\n",
            "1:42: error: field 'm' has incomplete type",
        ),
        (
            "struct s { int x; const void v; };\nint main(void) { return 0; }\n",
            "1:30: error: variable or field 'v' declared void",
        ),
        (
            "struct s { int a; char *a; };\nint main(void) { return 0; }\n",
            "1:25: error: duplicate member 'a'",
        ),
        (
            "int main(void) { return __sync_fetch_and_add(1, 1); }\n",
            "1:25: error: operand type 'int' is incompatible with argument 1 of '__sync_fetch_and_add'",
        ),
        (
            "struct s { int a; };\nint main(void) { return ((struct s)1).a; }\n",
            "2:25: error: conversion to non-scalar type requested",
        ),
        (
            "struct s { int a; };\nint main(void) { struct s v = {0}; return (int)v; }\n",
            "2:43: error: aggregate value used where an integer was expected",
        ),
        (
            "int main(void) { double d = 1; int *p = (int *)d; return p != 0; }\n",
            "1:41: error: cannot convert to a pointer type",
        ),
        (
            "int main(void) { double d = 1; return (int)~d; }\n",
            "1:44: error: wrong type argument to bit-complement",
        ),
        (
            "struct a { int x; };\nstruct b { int x; };\nint f(struct b v) { return v.x; }\nint main(void) { struct a p = {0}; return f(p); }\n",
            "4:45: error: incompatible type for argument 1 of 'f'",
        ),
        (
            "int main(void) { int x = 0; int *p = &x; return (int)(long)(-p); }\n",
            "1:61: error: wrong type argument to unary minus",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; return !v; }\n",
            "1:64: error: wrong type argument to unary exclamation mark",
        ),
        (
            "int main(void) { int x = 0; int *p = &x; double d = (double)p; return (int)d; }\n",
            "1:53: error: pointer value used where a floating-point was expected",
        ),
        (
            "int main(void) { int a[2]; a++; return 0; }\n",
            "1:29: error: lvalue required as increment operand",
        ),
        (
            "int main(void) { int a[2] = {0}; return a[1.0]; }\n",
            "1:42: error: array subscript is not an integer",
        ),
        (
            "int main(void) { double d = 1; switch (d) { default: return 0; } }\n",
            "1:40: error: switch quantity not an integer",
        ),
        (
            "int main(void) { int *p = 0; switch (p) { default: return 0; } }\n",
            "1:38: error: switch quantity not an integer",
        ),
        (
            "int main(void) { register int r = 0; int *p = &r; return *p; }\n",
            "1:47: error: address of register variable 'r' requested",
        ),
        (
            "int main(void) { int a[2] = 5; return a[0]; }\n",
            "1:29: error: invalid initializer",
        ),
        (
            "int a[3](void); int main(void) { return 0; }\n",
            "1:5: error: declaration of 'a' as array of functions",
        ),
        (
            "int f(void) { return 0; } int main(void) { f = 0; return 0; }\n",
            "1:46: error: lvalue required as left operand of assignment",
        ),
        (
            "int f(void)[3]; int main(void) { return 0; }\n",
            "1:5: error: 'f' declared as function returning an array",
        ),
        (
            "struct a { int x; }; struct b { int x; }; int main(void) { struct a p = {0}; struct b q; q = p; return q.x; }\n",
            "1:94: error: incompatible types when assigning to type 'struct b' from type 'struct a'",
        ),
        (
            "int main(void) { int x = 1; int x = 2; return x; }\n",
            "1:33: error: redefinition of 'x'",
        ),
        (
            "int main(void) { int x = 1; int x; return x; }\n",
            "1:33: error: redeclaration of 'x' with no linkage",
        ),
        (
            "int main(void) { { int x = 1; } { int x; int x = 2; return x; } }\n",
            "1:46: error: redeclaration of 'x' with no linkage",
        ),
        (
            "enum e { A }; int main(void) { char x = 1; enum e x = A; return x; }\n",
            "1:51: error: conflicting types for 'x'; have 'enum e'",
        ),
        (
            "int main(void) { long char x = 1; return 0; }\n",
            "1:23: error: both 'long' and 'char' in declaration specifiers",
        ),
        (
            "int f(int a, int a) { return a; } int main(void) { return 0; }\n",
            "1:18: error: redefinition of parameter 'a'",
        ),
        (
            "struct s { int a : 3; }; int main(void) { struct s v; return sizeof(v.a); }\n",
            "1:68: error: 'sizeof' applied to a bit-field",
        ),
        (
            "int main(void) { static int g(void); return 0; }\n",
            "1:29: error: invalid storage class for function 'g'",
        ),
        (
            "struct s { int f(void); }; int main(void) { return 0; }\n",
            "1:16: error: field 'f' declared as a function",
        ),
        (
            "int main(void) { int double x = 1; return 0; }\n",
            "1:22: error: two or more data types in declaration specifiers",
        ),
        (
            "int main(void) { unsigned float x = 1; return 0; }\n",
            "1:27: error: both 'unsigned' and 'float' in declaration specifiers",
        ),
    ]);
}

#[test]
fn controlling_expressions_must_be_scalars() {
    refused(&[
        (
            "struct s { int a; };\nint f(struct s v) {\n  if (v) return 1;\n  return 0;\n}\nint main(void) { return 0; }\n",
            "3:7: error: used struct type value where scalar is required",
        ),
        (
            "union u { int a; };\nint f(union u w) {\n  while (w) {}\n  return 0;\n}\nint main(void) { return 0; }\n",
            "3:10: error: used union type value where scalar is required",
        ),
        (
            "struct s { int a; };\nint f(struct s v) { return v ? 1 : 0; }\nint main(void) { return 0; }\n",
            "2:28: error: used struct type value where scalar is required",
        ),
        (
            "typedef int V __attribute__((vector_size(16)));\nint f(V a, V b) { return a && b; }\nint main(void) { return 0; }\n",
            "2:26: error: used vector type where scalar is required",
        ),
    ]);
}

#[test]
fn vector_types_break_their_constraints() {
    refused(&[
        (
            "typedef _Bool V __attribute__((vector_size(16)));\nint main(void) { return 0; }\n",
            "1:1: error: invalid vector type for attribute 'vector_size'",
        ),
        (
            "typedef int V __attribute__((vector_size(12)));\nint main(void) { return 0; }\n",
            "1:1: error: number of vector components 3 not a power of two",
        ),
        (
            "typedef int V __attribute__((vector_size(6)));\nint main(void) { return 0; }\n",
            "1:1: error: vector size not an integral multiple of component size",
        ),
        // gcc reports these two at the operator and at the function's
        // start; kit at the expression.
        (
            "typedef int V __attribute__((vector_size(16)));\ntypedef short W __attribute__((vector_size(16)));\nint f(V a, W b) { V c = a + b; return c[0]; }\nint main(void) { return 0; }\n",
            "3:27: error: invalid operands to binary + (have '__vector(4) int' and '__vector(8) short int')",
        ),
        (
            "typedef int V __attribute__((vector_size(16)));\nlong f(V a) { return (long) a; }\nint main(void) { return 0; }\n",
            "2:22: error: cannot convert a vector of type '__vector(4) int' to type 'long int' which has different size",
        ),
    ]);
    // A scalar operand must convert to the lanes without loss (gcc
    // reports these at the operator, kit at the expression).
    let prelude = "typedef int VI __attribute__((vector_size(16)));\ntypedef float VF __attribute__((vector_size(16)));\ntypedef short VS __attribute__((vector_size(16)));\nint i;\n";
    let case = |e: &str| {
        format!("{prelude}void f(VI vi, VF vf, VS vs) {{ (void) ({e}); }}\nint main(void) {{ return 0; }}\n")
    };
    let cases = [
        (case("vs + i"), "5:42: error: conversion of scalar 'int' to vector '__vector(8) short int' involves truncation"),
        (case("vs + 70000"), "5:42: error: conversion of scalar 'int' to vector '__vector(8) short int' involves truncation"),
        (case("vf + 0.1"), "5:42: error: conversion of scalar 'double' to vector '__vector(4) float' involves truncation"),
        (case("vi + 1.0"), "5:42: error: cannot convert value to a vector"),
        (case("__builtin_shuffle(vi, vf)"), "5:38: error: '__builtin_shuffle' last argument must be an integer vector"),
        (case("__builtin_convertvector(i, VI)"), "5:38: error: '__builtin_convertvector' first argument must be an integer or floating vector"),
    ];
    let cases: Vec<(&str, &str)> = cases.iter().map(|(s, e)| (s.as_str(), *e)).collect();
    refused(&cases);
    accepted(&[
        "typedef int V __attribute__((vector_size(8)));\nint main(void) { V a = { 1, 2 }; long long bits = (long long) a; V b = (V) bits; b[1] -= 2; return b[0] - 1 + b[1] + !(a[0] < a[1]); }\n",
        // Constants that fit, narrower scalars, a sign change alone.
        "typedef short VS __attribute__((vector_size(16)));\ntypedef float VF __attribute__((vector_size(16)));\ntypedef int VI __attribute__((vector_size(16)));\nshort s; unsigned u;\nint main(void) { VS a = { 0 }; VF f = { 0 }; VI v = { 0 }; a = a + -1 + s; f = f * 0.5 + s + 3; v = v + u; return a[0] + 1 + (int) f[0] - 3 + v[0]; }\n",
    ]);
}

#[test]
fn vector_builtins_and_casts_break_their_constraints() {
    let v4 = "typedef int V4 __attribute__((vector_size(16)));\n";
    let cases = [
        (
            format!("{v4}typedef int V2 __attribute__((vector_size(8)));\nint main(void) {{ V4 a = {{0}}; V2 b = __builtin_convertvector(a, V2); return b[0]; }}\n"),
            "3:37: error: '__builtin_convertvector' number of elements of the first argument vector and the second argument vector type should be the same",
        ),
        // gcc reports this one at the type argument, kit at the call.
        (
            format!("{v4}int main(void) {{ V4 a = {{0}}; int b = __builtin_convertvector(a, int); return b; }}\n"),
            "2:38: error: '__builtin_convertvector' second argument must be an integer or floating vector type",
        ),
        (
            format!("{v4}typedef long L2 __attribute__((vector_size(16)));\nint main(void) {{ V4 a = {{0}}; L2 m = {{0}}; V4 r = __builtin_shuffle(a, m); return r[0]; }}\n"),
            "3:49: error: '__builtin_shuffle' number of elements of the argument vector(s) and the mask vector should be the same",
        ),
        (
            format!("{v4}typedef short S4 __attribute__((vector_size(8)));\nint main(void) {{ V4 a = {{0}}; S4 m = {{0}}; V4 r = __builtin_shuffle(a, m); return r[0]; }}\n"),
            "3:49: error: '__builtin_shuffle' argument vector(s) inner type must have the same size as inner type of the mask",
        ),
        (
            format!("{v4}typedef float F4 __attribute__((vector_size(16)));\nint main(void) {{ V4 a = {{0}}; F4 b = {{0}}; V4 r = __builtin_shuffle(a, b, a); return r[0]; }}\n"),
            "3:49: error: '__builtin_shuffle' argument vectors must be of the same type",
        ),
        (
            format!("{v4}int main(void) {{ V4 a = {{0}}; V4 r = __builtin_shuffle(a); return r[0]; }}\n"),
            "2:37: error: wrong number of arguments to '__builtin_shuffle'",
        ),
        (
            format!("{v4}int main(void) {{ V4 a = {{0}}; V4 r = __builtin_shuffle(1, a); return r[0]; }}\n"),
            "2:37: error: '__builtin_shuffle' arguments must be vectors",
        ),
        // gcc reports these three at the function's start, kit at the cast.
        (
            format!("{v4}int main(void) {{ V4 a = (V4) 5; return a[0]; }}\n"),
            "2:25: error: cannot convert a value of type 'int' to vector type '__vector(4) int' which has different size",
        ),
        (
            "typedef int V2 __attribute__((vector_size(8)));\nint main(void) { V2 a = (V2) 1.5; return a[0]; }\n".to_owned(),
            "2:25: error: cannot convert value to a vector",
        ),
        (
            "typedef int V2 __attribute__((vector_size(8)));\nint main(void) { V2 a = {0}; double d = (double) a; return d; }\n".to_owned(),
            "2:41: error: aggregate value used where a floating-point was expected",
        ),
        // gcc reports this one at the declaration's start, kit at the
        // attribute.
        (
            "typedef int V __attribute__((vector_size));\nint main(void) { return 0; }\n".to_owned(),
            "1:30: error: wrong number of arguments specified for 'vector_size' attribute",
        ),
        (
            "int main(void) { if ((void) 0) return 1; return 0; }\n".to_owned(),
            "1:22: error: void value not ignored as it ought to be",
        ),
    ];
    let cases: Vec<(&str, &str)> = cases.iter().map(|(s, e)| (s.as_str(), *e)).collect();
    refused(&cases);
}

#[test]
fn atomic_builtins_break_their_constraints() {
    refused(&[
        (
            "int main(void) { int x = 0; __atomic_load(&x, 5, 0); return 0; }\n",
            "1:29: error: argument 2 of '__atomic_load' must be a pointer type",
        ),
        // kit's `_n` forms take `_Atomic` structs (its <stdatomic.h> uses
        // them); gcc refuses the struct itself.
        (
            "struct p { short a, b; }; struct q { short a, b; };\nint main(void) { _Atomic struct p s; struct q t = {0}; __atomic_store_n(&s, t, 0); return 0; }\n",
            "2:56: error: incompatible type for argument 2 of '__atomic_store_n'",
        ),
    ]);
    accepted(&["_Atomic void *p;\nint main(void) { return p != 0; }\n"]);
}

#[test]
fn records_past_the_address_space_break_their_constraints() {
    refused(&[(
        "struct s { char a[1L << 62]; char b[1L << 62]; };\nint main(void) { return 0; }\n",
        "1:8: error: type 'struct s' is too large",
    )]);
    // Just under the limit: sizes and offsets near 2^63 bytes are exact.
    accepted(&[
        "struct s { short buf[(1L << 62) - 256]; int a; };\nunion u { int a; char buf[(1L << 62) - 256]; };\nint main(void) { return !(sizeof(struct s) == (1UL << 63) - 508 && __builtin_offsetof(struct s, a) == (1UL << 63) - 512 && sizeof(union u) == (1UL << 62) - 256); }\n",
    ]);
}

#[test]
fn enums_used_before_their_definition_break_their_constraints() {
    // GNU C declares `enum e;` ahead of its definition; until then the
    // type is incomplete.
    refused(&[
        (
            "enum e x;\nint main(void) { return 0; }\n",
            "1:8: error: storage size of 'x' isn't known",
        ),
        (
            "enum e x = 42;\nint main(void) { return 0; }\n",
            "1:6: error: variable 'x' has initializer but incomplete type",
        ),
        (
            "enum e;\nint main(void) { enum e y; return 0; }\n",
            "2:25: error: storage size of 'y' isn't known",
        ),
        (
            "enum e;\nint main(void) { return sizeof(enum e); }\n",
            "2:32: error: invalid application of 'sizeof' to incomplete type 'enum e'",
        ),
        (
            "enum e;\nstatic enum e s;\nint n = sizeof(enum e);\nint main(void) { return 0; }\n",
            "3:16: error: invalid application of 'sizeof' to incomplete type 'enum e'",
        ),
        // Through a typedef name.
        (
            "enum e;\ntypedef enum e E;\nE x;\nint main(void) { return 0; }\n",
            "3:3: error: storage size of 'x' isn't known",
        ),
        (
            "enum e;\ntypedef enum e E;\nint main(void) { return sizeof(E); }\n",
            "3:32: error: invalid application of 'sizeof' to incomplete type 'E' {aka 'enum e'}",
        ),
        (
            "enum e;\ntypedef enum e E;\nvoid f(E v) {}\nint main(void) { return 0; }\n",
            "3:10: error: parameter 1 ('v') has incomplete type",
        ),
    ]);
    // Defined by the end of the unit, or not needed whole.
    accepted(&[
        "enum e x;\nenum e { A, B = 3 };\nint main(void) { return x + B - 3 + (sizeof x != sizeof(enum e)); }\n",
        "enum e;\nextern enum e z;\ntypedef enum e E;\nenum e *p;\nenum e f(enum e *q);\nenum e { C = 2 };\nenum e z = C;\nenum e f(enum e *q) { return *q; }\nint main(void) { E v = f(&z); p = &v; return *p - 2; }\n",
        "int main(void) { enum e *p = 0; enum e { D }; enum e d = D; return sizeof(enum e) != sizeof d || p; }\n",
        "enum e;\ntypedef enum e E;\ntypedef E F;\nE *p;\nenum e { A = 7 };\nE x = A;\nF y;\nint main(void) { E z = A; p = &z; return *p + x + y + sizeof(E) - 18; }\n",
        "enum e;\ntypedef enum e E;\nint main(void) { typedef int E; E v = 3; return v + sizeof(E) - 7; }\n",
        // Pointers declared in parentheses.
        "enum e;\nenum e (*p);\ntypedef enum e (*EP);\nEP q;\nint main(void) { enum e (*r) = 0; return p != 0 || q != 0 || r != 0 || sizeof(enum e (*)) != 8; }\n",
    ]);
}

#[test]
fn functions_defined_static_or_extern_in_a_block_break_their_constraints() {
    // GNU nested functions have no storage class.
    refused(&[
        (
            "int main(void) { static int f(void) { return 1; } return f(); }\n",
            "1:29: error: invalid storage class for function 'f'",
        ),
        (
            "int main(void) { extern int f(void) { return 1; } return f(); }\n",
            "1:29: error: nested function 'f' declared 'extern'",
        ),
    ]);
    accepted(&["int main(void) { auto int f(void) { return 0; } int g(void) { return f(); } return g(); }\n"]);
}

#[test]
fn definitions_with_incomplete_parameters_or_results_break_their_constraints() {
    refused(&[
        (
            "struct s;\nvoid f(struct s v) { }\nint main(void) { return 0; }\n",
            "2:17: error: parameter 1 ('v') has incomplete type",
        ),
        (
            "struct s;\nint (f)(int a, struct s v) { return a; }\nint main(void) { return 0; }\n",
            "2:25: error: parameter 2 ('v') has incomplete type",
        ),
        (
            "struct s;\nstruct s g(void) { }\nint main(void) { return 0; }\n",
            "2:10: error: return type is an incomplete type",
        ),
        (
            "enum e;\nvoid f(int a, enum e v) { }\nint main(void) { return 0; }\n",
            "2:22: error: parameter 2 ('v') has incomplete type",
        ),
        (
            "enum e;\nenum e g(void) { return 0; }\nint main(void) { return 0; }\n",
            "2:8: error: return type is an incomplete type",
        ),
        // A call through a prototype whose parameter type is incomplete.
        (
            "struct s;\nvoid g(int a, struct s v);\nint main(void) { g(1, 0); return 0; }\n",
            "3:23: error: type of formal parameter 2 is incomplete",
        ),
    ]);
    // Pointers to them, and prototypes, are complete.
    accepted(&[
        "struct s;\nenum e;\nstruct s *f(struct s *p, enum e *q);\nvoid g(struct s v);\nstruct s (*h(int x))(void) { return 0; }\nstruct s *f(struct s *p, enum e *q) { return q ? p : 0; }\nint main(void) { return f(0, 0) != 0 || h(1) != 0; }\n",
    ]);
}

#[test]
fn arrays_of_over_aligned_typedefs_break_their_constraints() {
    refused(&[(
        "typedef int v4 __attribute__((aligned(16)));\nv4 a[2];\nint main(void) { return 0; }\n",
        "2:1: error: alignment of array elements is greater than element size",
    )]);
    accepted(&[
        "typedef int v4 __attribute__((aligned(16)));\nint main(void) { v4 x = 1, *p = &x; v4 *q[2] = { p, 0 }; return *q[0] - 1 + (int) ((unsigned long) &x % 16); }\n",
    ]);
}

#[test]
fn static_pointer_initializers_break_their_constraints() {
    refused(&[
        (
            "double d;\nint *q = &d;\nint main(void) { return 0; }\n",
            "2:10: error: initialization of 'int *' from incompatible pointer type 'double *'",
        ),
        (
            "int main(void) { static double m; static int *r = &m; return 0; }\n",
            "1:51: error: initialization of 'int *' from incompatible pointer type 'double *'",
        ),
        (
            "struct s { char *name; } table[] = { { \"a\" }, { (char *) 0 } };\nstruct t { int *p; } u = { table };\nint main(void) { return 0; }\n",
            "2:28: error: initialization of 'int *' from incompatible pointer type 'struct s *'",
        ),
    ]);
    accepted(&[
        // void *, strings into signed and unsigned chars, arrays, functions
        // into unprototyped pointers, casts, pointer arithmetic.
        "long l;\nint a[3];\nint (*pa)[3] = &a;\nchar *s = \"x\";\nunsigned char *u = (unsigned char *) \"y\";\nint f(int x) { return x; }\nint (*g)() = f;\nvoid *v = &l;\nlong *lp = &l + 1;\nint *ip = (int *) &l;\nint main(void) { static long m; static long *r = &m; return (v != &l) + (r != &m) + (lp != &l + 1) + (ip == 0) + (pa != &a) + (g != f) + (s[0] != 'x') + (u[0] != 'y'); }\n",
    ]);
}

#[test]
fn atomic_types_break_their_constraints() {
    refused(&[
        (
            "struct s { _Atomic int x : 3; };\nint main(void) { return 0; }\n",
            "1:24: error: bit-field 'x' has atomic type",
        ),
        (
            "_Atomic(int[3]) a;\nint main(void) { return 0; }\n",
            "1:1: error: '_Atomic'-qualified array type",
        ),
        (
            "_Atomic(int (void)) f;\nint main(void) { return 0; }\n",
            "1:1: error: '_Atomic'-qualified function type",
        ),
        (
            "int main(void) { _Atomic int *p; int **q = &p; return 0; }\n",
            "1:44: error: initialization of 'int **' from incompatible pointer type '_Atomic int **'",
        ),
        (
            "int main(void) { int * _Atomic r; int **s = &r; return 0; }\n",
            "1:45: error: initialization of 'int **' from incompatible pointer type 'int * _Atomic*'",
        ),
        (
            "double d;\nint main(void) {\n  __atomic_fetch_add(&d, 1, 0);\n  return 0;\n}\n",
            "3:3: error: operand type 'double *' is incompatible with argument 1 of '__atomic_fetch_add'",
        ),
        (
            "int main(void) {\n  int i; long l;\n  __atomic_load(&i, &l, 0);\n  return 0;\n}\n",
            "3:3: error: size mismatch in argument 2 of '__atomic_load'",
        ),
    ]);
    accepted(&[
        // Atomic members beside bit-fields; pointers to atomic pointers;
        // an atomic pointer to an array; a struct initialized plainly.
        "struct s { _Atomic int x; int y : 3; };\ntypedef int A[3];\nint main(void) { A a = {0}; A *_Atomic p = &a; int *_Atomic r = 0; int *_Atomic *s = &r; struct s v = {1, 2}; return (*p)[0] + (s != &r) + v.x - 1; }\n",
    ]);
}

#[test]
fn valid_neighbours_of_the_constraints_are_accepted() {
    accepted(&[
        // Pointers to const are reassignable; const objects readable;
        // a cast writes through (the object itself is not const).
        "int main(void) { int v = 1; const int *p = &v; p = 0; const int *const q = &v; *(int *)q = 0; return v; }\n",
        "struct s { int a; };\nint f(struct s *const p) { p->a = 0; return p->a; }\nint main(void) { struct s v = {1}; return f(&v); }\n",
        // Empty declarations at file scope, first in the unit too (gcc
        // warns only under -pedantic).
        ";\n;; int x;;\nint main(void) { return x; };\n",
        // So are empty member declarations first in a struct or union.
        "struct s { ; int a; ; };\nint main(void) { struct { ;; int b; } v = {0}; struct s w = {0}; return v.b + w.a; }\n",
        // Pointers to pointers whose levels agree, from calls (through
        // a pointer too), members, `&` and `*`.
        "const int **f(void) { return 0; }\nconst int **(*fp)(void) = f;\nstruct s { const int **m; };\nint main(void) { struct s v = {f()}; const int *p = 0; const int **c = fp(); c = v.m; c = &p; c = &*c; return c != &p; }\n",
        // A pointer to const moves; a plain pointer's `++` and assigned
        // value write where they point, whatever the value assigned.
        "int main(void) { char b[4] = {0}; const char *c = b; char *s = b; c++; *s++ = 1; *(s = b + 2) = 2; *(s += 1) = 0; return b[0] + b[2] - 3 + *c; }\n",
        // void * converts both ways; null pointer constants; _Bool from a pointer.
        "#include <stddef.h>\nint main(void) { int x = 0; void *v = &x; int *p = v; char *c = 0; p = NULL; _Bool b = c; return b + (p != 0); }\n",
        // Redeclarations that agree; an array completed later; a prototype
        // after an unprototyped declaration; a typedef repeated.
        "extern int a[];\nint a[3];\nint f();\nint f(int x) { return x - 1; }\ntypedef int T;\ntypedef int T;\nint main(void) { T t = f(1); return t + a[0]; }\n",
        // Const members, typedefs and results: what is not const stays
        // writable (the pointer member, the typedef'd pointer itself).
        "struct s { const char *p; char *const q; };\ntypedef const char *S;\nint main(void) { char b[2]; struct s v = {b, b}; v.p = 0; *v.q = 1; S s = b; s = 0; return b[0] - 1; }\n",
        // `_Alignas(0)` has no effect; a `_Bool` bit-field of width 1.
        "_Alignas(0) _Alignas(int) int x;\nstruct s { _Bool b : 1; };\nint main(void) { struct s v = {1}; return x + v.b - 1; }\n",
        // Const added at the first level only, null pointers and casts.
        "#include <stddef.h>\nvoid f(const char **v) { (void)v; }\nint main(void) { char *a[2] = {0}; char **p = a; char *const *q = p; const char **c = (const char **)p; f(NULL); f(c); return q != p; }\n",
        // GNU C: the last member may go without its `;`.
        "struct s { int a; char b } v = {1, 2};\nunion u { int i : 3 } w;\nint main(void) { struct { int x } q = {3}; return v.b - 2 + w.i + q.x - 3; }\n",
        // A parameter's name may be declared again in an inner block.
        "int f(int x) { { int x = 1; return x; } }\nint main(void) { return f(0) - 1; }\n",
        // A tag and an enumerator may be declared again in an inner scope,
        // there of another kind too.
        "struct s { int a; };\nenum { A };\nint main(void) { struct s { long b; } v = {0}; enum { A = 0 }; return (int)v.b + A; }\n",
        "struct s { int a; };\nint main(void) { union s { int b; } u = {0}; enum t { B } e = B; return u.b + e; }\n",
        // A function type from a typedef may declare, its definition
        // spells the parameters; parenthesized names are definitions too.
        "typedef int F(void);\nF f;\nint f(void) { return 0; }\nint (g)(void) { return f(); }\nint main(void) { return g(); }\n",
        // Storage classes in their places; extern void; register parameters.
        "extern void nothing;\nstatic _Thread_local int t;\nint f(register int x) { return x; }\nint main(void) { register int r = 0; static int s; extern int t2; return r + s + f(0) + t; }\nint t2;\n",
        // _Generic with types kit represents alike but C does not.
        "int main(void) { long l = 0; return _Generic(l, long: 0, long long: 1, default: 2) + _Generic('a', char: 1, signed char: 2, int: 0); }\n",
        // Leaving the scope of a VLA by goto is allowed.
        "int main(int argc, char **argv) { int n = argc + 1; { int a[n]; a[0] = 0; goto out; } out: return 0; }\n",
        "int f(const char *s) { return s[0]; }\nint main(void) { char buf[2] = \"\"; return f(buf); }\n",
        "void f(void) { return; }\nvoid g(void) { return f(); }\nint main(void) { g(); return 0; }\n",
        // Type specifiers in any order; a block may declare what an outer
        // one did; register parameters; static functions at file scope.
        "int main(void) { long unsigned int a = 1; int long long b = 2; double long c = 3; char unsigned d = 4; short signed e = 5; return (int)(a + b + c + d + e) - 15; }\n",
        // Redeclarations with the same qualifiers, at every level.
        "extern const char *p;\nconst char *p = 0;\nextern const int c[];\nconst int c[2] = {1};\nextern int x;\nint x = 3;\nint main(void) { return x - 3 + (p != 0) + c[1]; }\n",
        // A name is in scope in its own initializer; a static initializer
        // in a block may take a block-scope static's address.
        "int g = sizeof g;\nvoid *self = &self;\nint main(void) { static long q = sizeof q; static int x; static int *p = &x; static void *me = &me; return g + q - 12 + *p + (me != &me) + (self != &self); }\n",
        "int x = 1;\nstatic int twice(register int v) { return 2 * v; }\nint main(void) { int x = 2; { int x = 3; x++; } struct p { int a; } s = {0}, t; t = s; return twice(x) - 4 + t.a; }\n",
    ]);
}

#[test]
fn a_static_function_used_but_never_defined_is_an_error() {
    // gcc warns and its link then fails; kit says so at the first use
    // (it used to panic in cranelift-object).
    let source = "static int helper(void);\nint main(void) {\n  return helper();\n}\n";
    let run = kit_with(&["run", "-"], source, &[]);
    run.expect_no_panic().expect_code(1).expect_stdout("");
    assert!(
        run.stderr
            .contains("<stdin>:3:10: error: 'helper' used but never defined"),
        "{}",
        run.stderr
    );
}

#[test]
fn what_c11_forbids_and_gcc_lets_pass_is_refused_too() {
    // 6.9p2 forbids `auto` on an external declaration; gcc accepts it
    // (with no -pedantic).
    let source = "auto int f(void) { return 0; }\nint main(void) { return 0; }\n";
    kit_with(&["run", "-"], source, &[])
        .expect_no_panic()
        .expect_code(1)
        .expect_stdout("")
        .expect_stderr_contains("<stdin>:1:1: error: function definition declared 'auto'");
}

#[test]
fn switches_comparisons_tags_atomics_and_kr_declarations_break_their_constraints() {
    // C11 6.8.4.2p3, 6.5.8p2 (kit reports it at the expression, gcc at
    // the operator), 6.7.2.3p1, 6.7.2.4p3 and 6.9.1p6.
    refused(&[
        (
            "int main(void) { switch (0) { default: break; default: break; } return 0; }\n",
            "1:47: error: multiple default labels in one switch",
        ),
        (
            "int main(void) { int *p = 0; return p < 1.0; }\n",
            "1:39: error: invalid operands to binary < (have 'int *' and 'double')",
        ),
        (
            "enum e { A };\nenum e { B };\nint main(void) { return 0; }\n",
            "2:6: error: redeclaration of 'enum e'",
        ),
        (
            "_Atomic(const int) a;\nint main(void) { return 0; }\n",
            "1:1: error: '_Atomic' applied to a qualified type",
        ),
        (
            "int main(void) { _Atomic(int *const) p = 0; return 0; }\n",
            "1:18: error: '_Atomic' applied to a qualified type",
        ),
        (
            "int f(x) int y; { return 0; }\nint main(void) { return 0; }\n",
            "1:14: error: declaration for parameter 'y' but no such parameter",
        ),
        // 6.7.9p3 and 6.7.6.2p1.
        (
            "int f(void) = 0;\nint main(void) { return 0; }\n",
            "1:1: error: function 'f' is initialized like a variable",
        ),
        (
            "struct s { int a[static 2]; };\nint main(void) { return 0; }\n",
            "1:16: error: static or type qualifiers in non-parameter array declarator",
        ),
        (
            "int main(void) { int b[2][const 2]; return 0; }\n",
            "1:22: error: static or type qualifiers in non-parameter array declarator",
        ),
        // 6.8.5p3.
        (
            "int main(void) { for (static int j = 0; j < 1; j++) {} return 0; }\n",
            "1:34: error: declaration of static variable 'j' in 'for' loop initial declaration",
        ),
        (
            "int main(void) { for (extern int i; ;) break; return 0; }\n",
            "1:34: error: declaration of 'extern' variable 'i' in 'for' loop initial declaration",
        ),
        (
            "int main(void) { for (typedef int T; ;) break; return 0; }\n",
            "1:18: error: declaration of non-variable 'T' in 'for' loop initial declaration",
        ),
        (
            "int main(void) { for (int f(void); ;) break; return 0; }\n",
            "1:18: error: declaration of non-variable 'f' in 'for' loop initial declaration",
        ),
        // 6.5.1.1p2 and 6.5.3.4p1.
        (
            "int main(void) { return _Generic(1, int[]: 1, default: 0); }\n",
            "1:37: error: '_Generic' association has incomplete type",
        ),
        (
            "int main(void) { return _Generic(1, int(void): 1, default: 0); }\n",
            "1:37: error: '_Generic' association has function type",
        ),
        (
            "struct s;\nint main(void) { return _Alignof(struct s); }\n",
            "2:34: error: invalid application of '__alignof__' to incomplete type 'struct s'",
        ),
        // A union is named as one, declared only or defined.
        (
            "union u;\nint main(void) { return _Alignof(union u); }\n",
            "2:34: error: invalid application of '__alignof__' to incomplete type 'union u'",
        ),
        (
            "int c = _Alignof(int[]);\nint main(void) { return 0; }\n",
            "1:18: error: invalid application of '__alignof__' to incomplete type 'int[]'",
        ),
        // 6.8.4.2p2.
        (
            "int main(void) { int n = 1; switch (n) { int a[n]; case 1: break; } return 0; }\n",
            "1:52: error: switch jumps into scope of identifier with variably modified type",
        ),
        // 6.7.9p14-15.
        (
            "char c[] = L\"ab\";\nint main(void) { return 0; }\n",
            "1:12: error: cannot initialize array of 'char' from a string literal with type array of 'int'",
        ),
        (
            "int main(void) { int x[] = U\"ab\"; return 0; }\n",
            "1:28: error: cannot initialize array of 'int' from a string literal with type array of 'unsigned int'",
        ),
        (
            "long z[] = L\"ab\";\nint main(void) { return 0; }\n",
            "1:12: error: array of inappropriate type initialized from string constant",
        ),
    ]);
    accepted(&[
        "enum e { A };\nint main(void) { enum e { B } x = B; return x + A; }\n",
        "int main(void) { _Atomic(const int *) p = 0; return p != 0; }\n",
        "int f(x, s) int x; char *s; { return x + s[0] - 'a'; }\nint main(void) { return f(0, \"a\"); }\n",
        "int f(int n, int a[static 2][2], int b[const n]) { return a[1][1] + b[0] + n; }\n\
         int main(void) { int a[2][2] = {{0}}; int b[1] = {0}; return f(0, a, b); }\n",
        "int main(void) { int n = 0; for (register int r = 0, s = 1; r < s; r++) n++; return n - 1; }\n",
        "int main(void) { int n = 1; int a[n]; switch (n) { case 1: { int b[n]; b[0] = 1; a[0] = b[0]; } } return a[0] - 1; }\n",
        "unsigned short u[] = u\"ab\"; unsigned int w[] = U\"a\"; int l[] = L\"x\";\n\
         signed char s[] = \"a\"; unsigned char t[] = u8\"b\"; const char k[] = {\"z\"};\n\
         int main(void) { return u[2] + w[1] + l[1] + s[1] + t[1] + k[1]; }\n",
    ]);
}

#[test]
fn operands_and_lvalues_are_refused_in_gccs_words_at_the_operator() {
    refused(&[
        (
            "int main(void) { int x; (x + 1)++; return 0; }\n",
            "1:32: error: lvalue required as increment operand",
        ),
        (
            "int main(void) { int x; --(x+1); return 0; }\n",
            "1:25: error: lvalue required as decrement operand",
        ),
        (
            "int main(void) { int x; &(x + 1); return 0; }\n",
            "1:25: error: lvalue required as unary '&' operand",
        ),
        (
            "int main(void) { int x; (x + 1) = 2; return 0; }\n",
            "1:33: error: lvalue required as left operand of assignment",
        ),
        // Left operands the grammar does not take (a cast, a binary or
        // conditional expression): the parse fails at the operator, and
        // kit reports gcc's constraint error there.
        (
            "int main(void) { int x = 0; (int)x = 1; return x; }\n",
            "1:36: error: lvalue required as left operand of assignment",
        ),
        (
            "int main(void) { int a = 1, b = 2; a = b + 1 = 2; return a; }\n",
            "1:46: error: lvalue required as left operand of assignment",
        ),
        (
            "int main(void) { int a = 1, b = 2, c = 3; a ? b : c = 1; return 0; }\n",
            "1:53: error: lvalue required as left operand of assignment",
        ),
        (
            "int main(void) { int a = 1; a + 1 <<= 2; return 0; }\n",
            "1:35: error: lvalue required as left operand of assignment",
        ),
        (
            "int main(void) { int a = 1; if (a * 2 |= 1) return 1; return 0; }\n",
            "1:39: error: lvalue required as left operand of assignment",
        ),
        // A void value used: gcc's two wordings, each at gcc's place.
        (
            "void f(void) {} int main(void) { return f() + 1; }\n",
            "1:41: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(void) { return 1 + f(); }\n",
            "1:45: error: void value not ignored as it ought to be",
        ),
        // A conditional's place is its `:`, a comma expression's its `,`.
        (
            "void f(void) {} int main(int c, char **v) { return c ? f() : f(); }\n",
            "1:60: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(int c, char **v) { return 1 + (c ? f() : f()); }\n",
            "1:65: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(int c, char **v) { return (c, f()); }\n",
            "1:54: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(void) { int x; x = f(); return x; }\n",
            "1:43: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(void) { int x = 0; x += f(); return x; }\n",
            "1:50: error: void value not ignored as it ought to be",
        ),
        (
            "void f(void) {} int main(void) { return -f(); }\n",
            "1:41: error: invalid use of void expression",
        ),
        (
            "void f(void) {} int main(void) { return !f(); }\n",
            "1:41: error: invalid use of void expression",
        ),
        (
            "void f(void) {} int main(void) { return (int)f(); }\n",
            "1:41: error: invalid use of void expression",
        ),
        (
            "void f(void) {} int g(int); int main(void) { return g(f()); }\n",
            "1:55: error: invalid use of void expression",
        ),
        (
            "int main(void) { double x = 0; *x = 1; return 0; }\n",
            "1:32: error: invalid type argument of unary '*' (have 'double')",
        ),
        (
            "int main(void) { int x = 0; return (*x); }\n",
            "1:37: error: invalid type argument of unary '*' (have 'int')",
        ),
        (
            "int main(void) { int a[2]; (int[2])a; return 0; }\n",
            "1:28: error: cast specifies array type",
        ),
        (
            "int f(void); int main(void) { (int(void))f; return 0; }\n",
            "1:31: error: cast specifies function type",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v, *p = &v; p->c = 2; return v.a; }\n",
            "1:61: error: 'struct s' has no member named 'c'",
        ),
        (
            "struct t; int main(void) { struct t x; return 0; }\n",
            "1:37: error: storage size of 'x' isn't known",
        ),
        (
            "int main(void) { int a[]; return 0; }\n",
            "1:22: error: array size missing in 'a'",
        ),
        (
            "struct s; struct s f(void);\nint main(void) { f(); return 0; }\n",
            "2:18: error: invalid use of undefined type 'struct s'",
        ),
        (
            "int main(void) { _Alignas(3) int x; return 0; }\n",
            // gcc points at 1:1; kit at the `_Alignas` its shims rewrote.
            "1:18: error: requested alignment '3' is not a positive power of 2",
        ),
        (
            "int main(void) { int x = _Generic(1.0, int: 1); return x; }\n",
            "1:35: error: '_Generic' selector of type 'double' is not compatible with any association",
        ),
        (
            "int main(void) { int x = sizeof(int[-1]); return x; }\n",
            "1:36: error: size of unnamed array is negative",
        ),
        (
            "int x = y;\nint main(void) { return x; }\n",
            "1:9: error: 'y' undeclared here (not in a function)",
        ),
        (
            "int main(void) { static int s = w; return s; }\n",
            "1:33: error: 'w' undeclared (first use in this function)",
        ),
        (
            "int main(void) { int w = 1; static int s = w; return s; }\n",
            "1:44: error: initializer element is not constant",
        ),
        (
            "struct s { int a; };\nunion s u;\nint main(void) { return 0; }\n",
            "2:7: error: 's' defined as wrong kind of tag",
        ),
        (
            "enum s { A };\nstruct s *p;\nint main(void) { return 0; }\n",
            "2:8: error: 's' defined as wrong kind of tag",
        ),
        (
            "struct s;\nunion s { int a; };\nint main(void) { return 0; }\n",
            "2:7: error: 's' defined as wrong kind of tag",
        ),
        (
            "typedef int F(void);\nF f { return 0; }\nint main(void) { return 0; }\n",
            "2:5: error: expected '=', ',', ';', 'asm' or '__attribute__' before '{' token",
        ),
        (
            "int f(int a, mytype b);\nint main(void) { return 0; }\n",
            "1:14: error: unknown type name 'mytype'",
        ),
        (
            "int f(int a, b) { return a; }\nint main(void) { return 0; }\n",
            "1:14: error: unknown type name 'b'",
        ),
        (
            "mytype x;\nint main(void) { return 0; }\n",
            "1:1: error: unknown type name 'mytype'",
        ),
        (
            "int g(...);\nint main(void) { return 0; }\n",
            "1:7: error: ISO C requires a named argument before '...'",
        ),
        (
            "struct s { int a : -1; };\nint main(void) { return 0; }\n",
            "1:16: error: negative width in bit-field 'a'",
        ),
        (
            "int *h(int a) { return a + 1; }\nint main(void) { return 0; }\n",
            "1:26: error: returning 'int' from a function with return type 'int *' makes pointer from integer without a cast",
        ),
        (
            "struct s; extern struct s v;\nint main(void) { (void)v; return 0; }\n",
            "2:24: error: 'v' has an incomplete type 'struct s'",
        ),
        (
            "int f(int x) { int x = 1; return x; }\nint main(void) { return 0; }\n",
            "1:20: error: 'x' redeclared as different kind of symbol",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = { [0] = 1 }; return v.a; }\n",
            "1:55: error: array index in non-array initializer",
        ),
        (
            "int main(void) { int a[2] = { .x = 1 }; return a[0]; }\n",
            "1:31: error: field name not in record or union initializer",
        ),
        (
            "_Static_assert(x, \"m\");\nint main(void) { return 0; }\n",
            "1:16: error: 'x' undeclared here (not in a function)",
        ),
        // Syntax errors: the token gcc names and its place (a missing
        // `;`, `)`, `]` or `}` right after the token that wants it).
        (
            "int main(void) {\n  int x = 5\n  int y = 6;\n  return x + y;\n}\n",
            "3:3: error: expected ',' or ';' before 'int'",
        ),
        (
            "int main(void) {\n  if (1 { return 0; }\n  return 1;\n}\n",
            "2:8: error: expected ')' before '{' token",
        ),
        (
            "int main(void) {\n  int a[3] = {1, 2, 3;\n  return a[0];\n}\n",
            "2:22: error: expected '}' before ';' token",
        ),
        (
            "int main(void) {\n  int x y;\n  return 0;\n}\n",
            "2:9: error: expected '=', ',', ';', 'asm' or '__attribute__' before 'y'",
        ),
        (
            "int puts(const char *);\nint main(void) {\n  puts(\"x\"\n  return 0;\n}\n",
            "3:11: error: expected ')' before 'return'",
        ),
        (
            "int main(void) {\n  else { }\n  return 0;\n}\n",
            "2:3: error: 'else' without a previous 'if'",
        ),
        // A `do` without its `while`: after a body in braces, a single
        // statement, and at the block's end.
        (
            "int main(void) {\n  int i = 0;\n  do { i++; } (i < 3);\n  return i;\n}\n",
            "3:15: error: expected 'while' before '(' token",
        ),
        (
            "int main(void) {\n  int i = 0;\n  do i++; (i < 3);\n  return i;\n}\n",
            "3:11: error: expected 'while' before '(' token",
        ),
        (
            "int main(void) {\n  int i = 0;\n  do { do i++; while (i < 2); }\n  return i;\n}\n",
            "4:3: error: expected 'while' before 'return'",
        ),
        (
            "int main(void) {\n  int i = 0;\n  do { i++; }\n}\n",
            "4:1: error: expected 'while' before '}' token",
        ),
        // A `;` where no declaration may start stays an error (the
        // parse takes empty declarations only between declarations).
        ("int f(;);\nint main(void) { return 0; }\n", "1:7: error: expected "),
        // An initializer cast to an array type: the cast is reported.
        (
            "int main(void) { int a[2]; int b[2] = (int[2])a; return 0; }\n",
            "1:39: error: cast specifies array type",
        ),
        (
            "int main(void) { int *a[2]; int *b[2] = (int *[2])a; return 0; }\n",
            "1:41: error: cast specifies array type",
        ),
        (
            "int main(void) { int a[2]; int b[2] = (int)a; return 0; }\n",
            "1:39: error: invalid initializer",
        ),
        ("enum e { ; };\nint main(void) { return 0; }\n", "1:10: error: "),
        (
            "void f(void) { default: ; }\nint main(void) { return 0; }\n",
            "1:16: error: 'default' label not within a switch statement",
        ),
        // Variable lengths where an array needs a constant one, in gcc's
        // words for each place, at the name.
        (
            "int n = 2;\nint a[n];\nint main(void) { return 0; }\n",
            "2:5: error: variably modified 'a' at file scope",
        ),
        (
            "int n = 2;\ntypedef int T[n];\nint main(void) { return 0; }\n",
            "2:13: error: variably modified 'T' at file scope",
        ),
        (
            "int main(void) { int n = 2; static int a[n]; return 0; }\n",
            "1:40: error: storage size of 'a' isn't constant",
        ),
        (
            "int main(void) { int n = 2; extern int b[n]; return 0; }\n",
            "1:40: error: object with variably modified type must have no linkage",
        ),
        // An enumerator's value: a constant of another type is reported
        // at the value, anything else at the name.
        (
            "enum e { A = 1.5 };\nint main(void) { return 0; }\n",
            "1:14: error: enumerator value for 'A' is not an integer constant",
        ),
        (
            "int main(void) {\n  int x = 1;\n  switch (x) { case 1 break; }\n  return 0;\n}\n",
            "3:23: error: expected ':' or '...' before 'break'",
        ),
        (
            "int = 3;\nint main(void) { return 0; }\n",
            "1:5: error: expected identifier or '(' before '=' token",
        ),
        (
            "int main(void) {\n  return 0;\n}\n}\n",
            "4:1: error: expected identifier or '(' before '}' token",
        ),
        (
            "int main(void) {\n  int x = 1 +;\n  return x;\n}\n",
            "2:14: error: expected expression before ';' token",
        ),
        (
            "struct s { int a; }\nint main(void) { return 0; }\n",
            "2:1: error: expected ';', identifier or '(' before 'int'",
        ),
        (
            "struct s { int a; }\nstatic int x;\nint main(void) { return x; }\n",
            "2:8: error: expected ';', identifier or '(' before 'int'",
        ),
        (
            "int main(void) {\n  strng s;\n  return 0;\n}\n",
            "2:3: error: unknown type name 'strng'",
        ),
        (
            "int main(void) { int x = 1; x y; return 0; }\n",
            "1:30: error: expected ';' before 'y'",
        ),
        (
            "int f(int a int b) { return a; }\nint main(void) { return 0; }\n",
            "1:13: error: expected ';', ',' or ')' before 'int'",
        ),
        // Pointers to pointers differing in const below the first level.
        (
            "int main(void) { int x = 1; int *p = &x; int **pp = &p; const int **cpp = pp; return 0; }\n",
            "1:75: error: initialization of 'const int **' from incompatible pointer type 'int **'",
        ),
        (
            "int main(void) { int **pp = 0; const int *const *r; r = pp; return 0; }\n",
            "1:55: error: assignment to 'const int * const*' from incompatible pointer type 'int **'",
        ),
        (
            "void f(const char **v);\nint main(void) { char *a[2] = {0}; char **p = a; f(p); return 0; }\n",
            "2:52: error: passing argument 1 of 'f' from incompatible pointer type",
        ),
        (
            "const int **g(int **p) { return p; }\nint main(void) { return 0; }\n",
            "1:33: error: returning 'int **' from a function with incompatible return type 'const int **'",
        ),
        // Values whose const levels declarations tell: a call of a
        // declared function, a member, `*`, `[]`, `&`, `++`, `?:`.
        (
            "int **f(void);\nint main(void) { const int **c = f(); return c != 0; }\n",
            "2:34: error: initialization of 'const int **' from incompatible pointer type 'int **'",
        ),
        (
            "struct s { int **m; };\nint g(struct s *p) { const int **c; c = p->m; return c != 0; }\nint main(void) { return 0; }\n",
            "2:39: error: assignment to 'const int **' from incompatible pointer type 'int **'",
        ),
        (
            "int g(int ***p, int **a[]) { const int **c = *p; c = a[1]; return c != 0; }\nint main(void) { return 0; }\n",
            "1:46: error: initialization of 'const int **' from incompatible pointer type 'int **'",
        ),
        (
            "int g(int *p) { const int *const *c = &p; return c != 0; }\nint main(void) { return 0; }\n",
            "1:39: error: initialization of 'const int * const*' from incompatible pointer type 'int **'",
        ),
        (
            "int g(int **a, int **b, int x) { const int **c = x ? a++ : b; return c != 0; }\nint main(void) { return 0; }\n",
            "1:50: error: initialization of 'const int **' from incompatible pointer type 'int **'",
        ),
        // Lexical errors, which the parser meets as syntax errors.
        (
            "int main(void) { int x = 08; return x; }\n",
            "1:26: error: invalid digit \"8\" in octal constant",
        ),
        (
            "int main(void) { int x = 123abc; return x; }\n",
            "1:26: error: invalid suffix \"abc\" on integer constant",
        ),
        (
            "int main(void) { double d = 1e; return d; }\n",
            "1:29: error: exponent has no digits",
        ),
        (
            "int main(void) { float f = 1.0fx; return 0; }\n",
            "1:28: error: invalid suffix \"fx\" on floating constant",
        ),
        (
            "int main(void) { char c = ''; return c; }\n",
            "1:27: error: empty character constant",
        ),
        (
            "int main(void) { int x = 1; return x @ 2; }\n",
            "1:38: error: stray '@' in program",
        ),
        // An `=` where no expression may stand stays a syntax error.
        (
            "struct s { int a = 1; };\nint main(void) { return 0; }\n",
            "1:18: error: expected ':', ',', ';', '}' or '__attribute__' before '=' token",
        ),
        (
            "int main(void) { int a; a == = 2; return a; }\n",
            "1:30: error: expected expression before '=' token",
        ),
        (
            "struct s; int main(void) { return sizeof(struct s); }\n",
            "1:42: error: invalid application of 'sizeof' to incomplete type 'struct s'",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; return v + 1; }\n",
            "1:66: error: invalid operands to binary + (have 'struct s' and 'int')",
        ),
        (
            "int main(void) { double d = 1; return d % 2; }\n",
            "1:41: error: invalid operands to binary % (have 'double' and 'int')",
        ),
        (
            "int main(void) { long double d = 1; return d | 2; }\n",
            "1:46: error: invalid operands to binary | (have 'long double' and 'int')",
        ),
        (
            "int main(void) { double d = 1; return 2 << d; }\n",
            "1:41: error: invalid operands to binary << (have 'int' and 'double')",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; struct s *p = &v; return p.a; }\n",
            "1:83: error: 'p' is a pointer; did you mean to use '->'?",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; return v->a; }\n",
            "1:65: error: invalid type argument of '->' (have 'struct s')",
        ),
        (
            "void f(void) {} int main(void) { int x = f(); return x; }\n",
            "1:42: error: void value not ignored as it ought to be",
        ),
        (
            "int main(void) { int x = 1; void *v = &x; return *v; }\n",
            "1:50: error: void value not ignored as it ought to be",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; return (double)v > 0; }\n",
            "1:64: error: aggregate value used where a floating-point was expected",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v = {0}; return (int *)v != 0; }\n",
            "1:64: error: cannot convert to a pointer type",
        ),
        (
            "struct s { int a; }; int main(int c, char **x) { struct s v = {0}; return c ? 1 : v; }\n",
            "1:81: error: type mismatch in conditional expression",
        ),
        (
            "struct s { int a; }; struct t { int a; };\nint main(int c, char **x) { struct s v = {0}; struct t w = {0}; return (c ? w : v).a; }\n",
            "2:79: error: type mismatch in conditional expression",
        ),
        (
            "int main(void) { int *p = 0; p *= 2; return 0; }\n",
            "1:32: error: invalid operands to binary * (have 'int *' and 'int')",
        ),
        (
            "int main(void) { int x; x(); return 0; }\n",
            "1:25: error: called object 'x' is not a function or function pointer",
        ),
        (
            "int main(void) { int x = 5; return x[1]; }\n",
            "1:37: error: subscripted value is neither array nor pointer nor vector",
        ),
        (
            "int main(void) { int *p = (int *)1.5; return 0; }\n",
            "1:27: error: cannot convert to a pointer type",
        ),
        (
            "int main(void) { int x; x = 1 ? (void *)0 : 1.0; return 0; }\n",
            "1:43: error: type mismatch in conditional expression",
        ),
        (
            "int main(void) { struct { int a; } s; s.a.b = 1; return 0; }\n",
            "1:42: error: request for member 'b' in something not a structure or union",
        ),
        (
            "int main(int c, char **v) { _Static_assert(c, \"x\"); return 0; }\n",
            "1:44: error: expression in static assertion is not constant",
        ),
        (
            "int main(int c, char **v) { int k = 1; switch (c) { case k: return 0; } return 1; }\n",
            "1:53: error: case label does not reduce to an integer constant",
        ),
        (
            "int main(int c, char **v) { switch (c) { case c ... 3: return 0; } return 1; }\n",
            "1:42: error: case label does not reduce to an integer constant",
        ),
        (
            "int f(void);\nenum { A = f() };\nint main(void) { return 0; }\n",
            "2:8: error: enumerator value for 'A' is not an integer constant",
        ),
        (
            "int n;\nstruct s { int x : n; };\nint main(void) { return 0; }\n",
            "2:16: error: bit-field 'x' width not an integer constant",
        ),
    ]);
    accepted(&["int main(void) {\n    _Bool b = 1;\n    enum { A = 3 } e = A;\n    return (b << 2) + (e & 1) + (e % 2) - 6;\n}\n"]);
}

#[test]
fn calls_give_their_prototypes_arguments() {
    refused(&[
        (
            "int f(int a) { return a; }\nint main(void) { return f(); }\n",
            "2:25: error: too few arguments to function 'f'",
        ),
        (
            "int f(int a) { return a; }\nint main(void) { return f(1, 2); }\n",
            "2:25: error: too many arguments to function 'f'",
        ),
        (
            "int f(int a, ...) { return a; }\nint main(void) { return f(); }\n",
            "2:25: error: too few arguments to function 'f'",
        ),
        (
            "int (*p)(int);\nint main(void) { return p(1, 2); }\n",
            "2:25: error: too many arguments to function 'p'",
        ),
        (
            "int (*p[1])(int);\nint main(void) { return p[0](); }\n",
            "2:25: error: too few arguments to function",
        ),
    ]);
    // A function defined with an identifier list gives no prototype (C11
    // 6.5.2.2p6): a call with another number of arguments is undefined
    // behaviour, which gcc does not refuse.
    accepted(&[
        "int f(a) int a; { return 0; }\nint main(void) { return f() + f(1, 2) + f(3); }\n",
        "int g(a, b) char a; double b; { return a + (int)b - 3; }\nint main(void) { return g(1, 2.0f); }\n",
    ]);
}

#[test]
fn undefined_behaviour_gcc_refuses_is_refused_too() {
    // One identifier with internal and external linkage (C11 6.2.2p7),
    // and a register array decayed to a pointer (6.3.2.1p3).
    refused(&[
        (
            "int x;\nstatic int x;\nint main(void) { return x; }\n",
            "2:12: error: static declaration of 'x' follows non-static declaration",
        ),
        (
            "static int x;\nint x;\nint main(void) { return x; }\n",
            "2:5: error: non-static declaration of 'x' follows static declaration",
        ),
        (
            "void f(void);\nstatic void f(void) {}\nint main(void) { f(); return 0; }\n",
            "2:13: error: static declaration of 'f' follows non-static declaration",
        ),
        (
            "int main(void) { return g(); }\nstatic int g(void) { return 0; }\n",
            "2:12: error: static declaration of 'g' follows non-static declaration",
        ),
        (
            "int main(void) {\n    extern int z;\n    return z;\n}\nstatic int z = 3;\n",
            "5:12: error: static declaration of 'z' follows non-static declaration",
        ),
        (
            "static int x;\nint main(void) { extern int x; return x; }\nint x;\n",
            "3:5: error: non-static declaration of 'x' follows static declaration",
        ),
        (
            "static int w = 1;\nint main(void) {\n    int w = 2;\n    {\n        extern int w;\n        return w;\n    }\n}\n",
            "5:20: error: variable previously declared 'static' redeclared 'extern'",
        ),
        (
            "int main(void) {\n    register int a[2] = {1, 2};\n    int *p = a;\n    return *p;\n}\n",
            "3:14: error: address of register variable 'a' requested",
        ),
        (
            "int f(int *p) { return *p; }\nint main(void) {\n    register int a[2] = {1, 2};\n    return a[0] + f(a);\n}\n",
            "4:21: error: address of register variable 'a' requested",
        ),
        (
            "int main(void) {\n    register int a[2] = {1, 2};\n    return *(a + 1);\n}\n",
            "3:14: error: address of register variable 'a' requested",
        ),
        (
            "int main(void) {\n    int i = 1;\n    register int a[2] = {1, 2};\n    return a[i];\n}\n",
            "4:12: error: address of register variable 'a' requested",
        ),
    ]);
    accepted(&[
        // A later `extern`, or a function declared without a storage
        // class, takes the earlier internal linkage.
        "static void f(void);\nvoid f(void) {}\nstatic int y;\nextern int y;\nint main(void) { f(); return y; }\n",
        // A block `extern` that sees the file's `static` takes its linkage.
        "static int w = 1;\nint main(void) {\n    {\n        extern int w;\n        return w - 1;\n    }\n}\n",
        // A `__builtin_` call declares nothing of the program's.
        "int main(void) { char b[4]; __builtin_memcpy(b, \"abc\", 4); return b[3]; }\nstatic void *memcpy(void *d, const void *s, unsigned long n) { return d; }\n",
        // A register array may be subscripted by a constant (either way
        // round), as gcc allows, and sized.
        "int main(void) {\n    register int a[4] = {1, 2, 3, 0};\n    return a[3] + 3[a] + a[1 + 1] - 3 + (int)sizeof a - 16;\n}\n",
    ]);
}
