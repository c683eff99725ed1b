/* Host test of init's manifest parser (apps/init/manifest.c): each line becomes a record with its options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "init.h"

/*
 * init's own records (apps/init/progs.c) are linked in; what they and
 * manifest.c need of the runtime is faked here. Only the calls the
 * parser makes can happen: starting a program (prog_start) is never
 * called, so its runtime calls fail loudly if it ever is.
 */
static const char *file_text;
static uint32_t next_port = 100;

int pier_port_create_detached(uint32_t depth, uint32_t *handle)
{
	assert_true(depth > 0);
	*handle = next_port++;
	return PIER_OK;
}

int pier_handle_drop(uint32_t handle)
{
	(void)handle;
	fail_msg("the parser dropped a handle");
	return PIER_E_STATE;
}

int pier_handle_derive(uint32_t handle, uint32_t rights, uint32_t *out)
{
	(void)handle, (void)rights, (void)out;
	fail_msg("the parser started a program");
	return PIER_E_STATE;
}

int pier_spawn_stack(const char *cmdline, uint32_t priority, uint32_t max_priority,
		     uint32_t flags, uint32_t grant, uint64_t quota, uint32_t stack_kib,
		     uint64_t *space)
{
	(void)cmdline, (void)priority, (void)max_priority, (void)flags, (void)grant;
	(void)quota, (void)stack_kib, (void)space;
	fail_msg("the parser started a program");
	return PIER_E_STATE;
}

int pier_time_now(struct pier_time *t)
{
	(void)t;
	return PIER_E_STATE;
}

int names_create(struct prog *p)
{
	(void)p;
	fail_msg("the parser made a name port");
	return PIER_E_STATE;
}

int pier_bootfile(const char *name, uint32_t offset, void *buf, uint32_t size, uint32_t *got)
{
	size_t len = strlen(file_text);

	(void)name;
	if (offset > len)
		return PIER_E_ARG;
	*got = (uint32_t)(len - offset < size ? len - offset : size);
	memcpy(buf, file_text + offset, *got);
	return PIER_OK;
}

const char *pier_strerror(int status)
{
	(void)status;
	return "error";
}

static int setup(void **state)
{
	(void)state;
	nprogs = 0;
	nservices = 0;
	return 0;
}

static void read_text(const char *text)
{
	file_text = text;
	manifest_read("manifest");
}

static void test_plain(void **state)
{
	(void)state;
	read_text("# a comment\n\nhello\n  pingpong  \nmaxprio=9 super lookup=* shell\n"
		  "prio=3 quota=40 stack=1024 spin fast  slow");
	assert_int_equal(nprogs, 4);
	assert_int_equal(progs[0].stack_kib, 0);                /* the kernel's default */
	assert_string_equal(progs[0].cmd, "hello");
	assert_int_equal(progs[0].prio, PIER_PRIO_DEFAULT);
	assert_int_equal(progs[0].max_prio, PIER_PRIO_DEFAULT);
	assert_int_equal(progs[0].restart, RESTART_NEVER);
	assert_int_equal(progs[0].backoff_ms, 0);
	assert_string_equal(progs[0].lookup, "console");
	assert_string_equal(progs[1].cmd, "pingpong");
	assert_string_equal(progs[2].cmd, "shell");
	assert_int_equal(progs[2].max_prio, 9);
	assert_int_equal(progs[2].flags, PIER_SPAWN_SUPER);
	assert_string_equal(progs[2].lookup, "*");
	/* Arguments keep what is between them; options end at the program. */
	assert_string_equal(progs[3].cmd, "spin fast  slow");
	assert_int_equal(progs[3].prio, 3);
	assert_int_equal(progs[3].quota, 40);
	assert_int_equal(progs[3].stack_kib, 1024);
	assert_int_equal(nservices, 0);
}

static void test_policies(void **state)
{
	(void)state;
	read_text("serve=a svc a\nserve=b hold svc b\nrestart=2 serve=c svc c\n"
		  "backoff=300 serve=d svc d\nrestart hello\ndev=google,goldfish-rtc irqmask\n");
	assert_int_equal(nprogs, 6);
	assert_int_equal(nservices, 4);
	assert_int_equal(progs[0].restart, RESTART_ALWAYS);     /* serve= alone: restart */
	assert_int_equal(progs[0].service, 0);
	assert_string_equal(services[0].name, "a");
	assert_string_equal(progs[0].cmd, "svc a");
	assert_int_equal(progs[1].restart, RESTART_HOLD);
	assert_int_equal(progs[2].restart, RESTART_UPTO);
	assert_int_equal(progs[2].restart_max, 2);
	assert_int_equal(progs[3].restart, RESTART_ALWAYS);
	assert_int_equal(progs[3].backoff_ms, 300);
	assert_int_equal(progs[0].backoff_ms, BACKOFF_DRIVER_MS);  /* a restart's default */
	assert_int_equal(progs[4].restart, RESTART_ALWAYS);
	assert_int_equal(progs[4].service, -1);
	assert_string_equal(progs[5].dev_compat, "google,goldfish-rtc");
	/* A bare option word that ends the line is the program. */
	read_text("maxprio=25 hold\nrestart\nsuper hold x\nbackoff=0 restart y\n");
	assert_int_equal(nprogs, 10);
	assert_int_equal(progs[9].backoff_ms, 0);                 /* said so */
	assert_int_equal(progs[9].restart, RESTART_ALWAYS);
	assert_string_equal(progs[6].cmd, "hold");
	assert_int_equal(progs[6].restart, RESTART_NEVER);
	assert_string_equal(progs[7].cmd, "restart");
	assert_string_equal(progs[8].cmd, "x");
	assert_int_equal(progs[8].restart, RESTART_HOLD);
	assert_int_equal(progs[5].max_prio, PRIO_DRIVER_MAX);   /* a driver's band */
}

static void test_bad(void **state)
{
	char long_name[64];

	(void)state;
	read_text("prio=32 hello\nprio=x hello\nmaxprio=2 prio=5 hello\nrestart=-1 hello\n"
		  "backoff=999999999 hello\nserve= hello\ndev= hello\nquota=7\nlookup= hello\n"
		  "stack=8196 hello\nstack=-4 hello\nstack= hello\n");
	assert_int_equal(nprogs, 0);
	/* A name longer than PIER_NAME_MAX, or served twice: the line is off. */
	snprintf(long_name, sizeof(long_name), "serve=%s svc\nserve=x svc\nserve=x svc\n",
		 "a-name-sixteen-c");
	read_text(long_name);
	assert_int_equal(nprogs, 2);
	assert_int_equal(nservices, 1);
	assert_false(progs[0].off);
	assert_true(progs[1].off);
}

static void test_run_list(void **state)
{
	char list[] = "maxprio=25+lookup=a:b+svcuse,hello+world,lookup=a,b+c";

	(void)state;
	/* A run= list splits at commas, so a lookup= list there uses ':'; the
	 * last entry's comma cut it, leaving an entry with no program. */
	manifest_run_list(list);
	assert_int_equal(nprogs, 3);
	assert_string_equal(progs[0].lookup, "a:b");
	assert_string_equal(progs[0].cmd, "svcuse");
	assert_int_equal(progs[0].max_prio, 25);
	assert_string_equal(progs[1].cmd, "hello world");
	assert_string_equal(progs[2].cmd, "b c");
}

/* Quotes (lib/cmdline.c) keep ',' and '+' for the program; they stay in its command line. */
static void test_run_list_quoted(void **state)
{
	char list[] = "lua+-e+\"print(1,+2)\",prio=9+echo+'a,b'+c\\,d+\\+,x+\"open,+";

	(void)state;
	manifest_run_list(list);
	assert_int_equal(nprogs, 3);
	assert_string_equal(progs[0].cmd, "lua -e \"print(1,+2)\"");
	assert_string_equal(progs[1].cmd, "echo 'a,b' c\\,d \\+");
	assert_int_equal(progs[1].prio, 9);
	assert_string_equal(progs[2].cmd, "x \"open,+");
}

static void test_long_line(void **state)
{
	static char text[2 * PIER_PACKET_MAX];

	(void)state;
	memset(text, 'x', sizeof(text) - 2);
	text[sizeof(text) - 2] = '\n';
	read_text(text);
	assert_int_equal(nprogs, 0);
	read_text("hello");     /* no newline at the end */
	assert_int_equal(nprogs, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_plain, setup),
		cmocka_unit_test_setup(test_policies, setup),
		cmocka_unit_test_setup(test_bad, setup),
		cmocka_unit_test_setup(test_run_list, setup),
		cmocka_unit_test_setup(test_run_list_quoted, setup),
		cmocka_unit_test_setup(test_long_line, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
