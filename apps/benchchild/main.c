/* benchchild: the smallest program, for the bench's start+exit figure: tell the parent, then exit. */
#include <libpier.h>
#include "../bench/bench.h"

int main(void)
{
	return pier_send(PIER_H_PARENT, MSG_CHILD, 0, 0);
}
