/* A program with no helper at all. */
int main(void) { return 0; }
