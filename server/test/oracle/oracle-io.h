/*
 * What the command-line oracle harnesses (linux-harness.c, xen-harness.c) share: the line format
 * cmdlineOracle.ts speaks with them. Each input line is one command line in hex; each output line
 * is a tag and up to two strings in hex (" ~" for none), and "." ends the answer to one input.
 * Written for this project.
 */
#include <stdio.h>
#include <string.h>

static void hex(const char *s)
{
	if (!s) { fputs(" ~", stdout); return; }
	putchar(' ');
	for (; *s; s++) printf("%02x", (unsigned char)*s);
}

static void emit(const char *tag, const char *a, const char *b)
{
	fputs(tag, stdout);
	hex(a);
	hex(b);
	putchar('\n');
}

static int unhex(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static char line[1 << 17], buf[1 << 16];

/* The next input line, decoded into buf; 0 at the end of the input. */
static int read_input(void)
{
	if (!fgets(line, sizeof line, stdin)) return 0;
	size_t n = strcspn(line, "\n"), k;
	for (k = 0; k + 1 < n && k / 2 < sizeof buf - 1; k += 2)
		buf[k / 2] = (char)(unhex(line[k]) * 16 + unhex(line[k + 1]));
	buf[k / 2] = '\0';
	return 1;
}
