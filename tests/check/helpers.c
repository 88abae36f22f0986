/* Helpers for calls.c; rust_helper_unused is defined but never called. */
int rust_helper_add(int a, int b);
int rust_helper_neg(int a);
int rust_helper_unused(int a);
int my_helper_other(int a);

int rust_helper_add(int a, int b) { return a + b; }
int rust_helper_neg(int a) { return -a; }
int rust_helper_unused(int a) { return a; }
int my_helper_other(int a) { return a * 2; }
