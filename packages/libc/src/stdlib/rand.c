/*
 * rand, srand: a 64-bit linear congruential generator (Knuth's MMIX
 * constants), returning its high bits, which are the well-mixed ones.
 * Not for anything that needs unpredictability.
 */
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 1;

void srand(unsigned int seed)
{
	state = seed;
}

int rand(void)
{
	state = state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)(state >> 33);
}
