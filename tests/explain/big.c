/*
 * A helper too large for LLVM's inline cost model at -O2 (21 volatile
 * updates cost 395 against a threshold of 375 with LLVM 22), and with
 * -DBIGGER too large for ThinLTO to import it at all (more than 100
 * instructions).  Only the number of statements matters.
 */
static inline int big(int a, int b)
{
	volatile int v[7] = {0};
	v[0] = v[0] * a + 0;
	v[1] = v[3] * a + 1;
	v[2] = v[6] * a + 2;
	v[3] = v[2] * a + 3;
	v[4] = v[5] * a + 4;
	v[5] = v[1] * a + 5;
	v[6] = v[4] * a + 6;
	v[0] = v[0] * a + 7;
	v[1] = v[3] * a + 8;
	v[2] = v[6] * a + 9;
	v[3] = v[2] * a + 10;
	v[4] = v[5] * a + 11;
	v[5] = v[1] * a + 12;
	v[6] = v[4] * a + 13;
	v[0] = v[0] * a + 14;
	v[1] = v[3] * a + 15;
	v[2] = v[6] * a + 16;
	v[3] = v[2] * a + 17;
	v[4] = v[5] * a + 18;
	v[5] = v[1] * a + 19;
	v[6] = v[4] * a + 20;
#ifdef BIGGER
	v[0] = v[0] * a + 21;
	v[1] = v[3] * a + 22;
	v[2] = v[6] * a + 23;
#endif
	return v[b & 3];
}

int rust_helper_add(int a, int b);
int rust_helper_add(int a, int b)
{
	return big(a, b);
}
