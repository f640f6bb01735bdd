/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_test.c - shared helpers of the CUnit suites (see ps_test.h). */
#include "ps_test.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_out.h"
#include "ps_render.h"
#include "recorder.h"

static struct recorder rec;
static char json_buf[1 << 16];
static char text_buf[1 << 14];

void pst_dissect(struct ps_packet *p, int linktype, const uint8_t *bytes, uint32_t caplen,
		 uint32_t len)
{
	memset(p, 0, sizeof *p);
	p->n = 1;
	p->ts_sec = 1700000000;
	p->caplen = caplen;
	p->len = len;
	p->linktype = linktype;
	p->direction = -1;
	p->data = bytes;
	ps_dissect(p);
}

static void record(const struct ps_packet *p)
{
	recorder_init(&rec);
	ps_emit_packet(p, &rec.emit);
}

const char *pst_field(const struct ps_packet *p, const char *path)
{
	record(p);
	return recorder_get(&rec, path);
}

bool pst_has_event_in(const struct ps_packet *p, const char *obj_path, const char *name)
{
	record(p);
	char prefix[REC_PATH];
	snprintf(prefix, sizeof prefix, "%s%sevents.", obj_path ? obj_path : "",
		 obj_path && *obj_path ? "." : "");
	size_t n = strlen(prefix);
	for (unsigned i = 0; i < rec.nrows; i++) {
		const char *path = rec.rows[i].path;
		if (strncmp(path, prefix, n) || strchr(path + n, '.'))
			continue;
		if (!strcmp(rec.rows[i].val, name))
			return true;
	}
	return false;
}

bool pst_has_event(const struct ps_packet *p, const char *name)
{
	return pst_has_event_in(p, "", name);
}

const char *pst_json(const struct ps_packet *p)
{
	struct ps_out o;
	ps_out_open_mem(&o, json_buf, sizeof json_buf);
	ps_render_json_line(p, &o);
	return ps_out_cstr(&o);
}

const char *pst_text(const struct ps_packet *p, int verbose, bool link)
{
	struct ps_out o;
	struct ps_text_opts t = {.verbose = verbose, .link = link};
	ps_out_open_mem(&o, text_buf, sizeof text_buf);
	ps_render_text_body(p, &t, &o);
	return ps_out_cstr(&o);
}

/* The JSON line must parse, and be an object: json-c is the referee. */
static bool json_valid(const char *s)
{
	json_object *obj = json_tokener_parse(s);
	bool ok = obj && json_object_is_type(obj, json_type_object);
	json_object_put(obj);
	return ok;
}

unsigned pst_sweep(int linktype, const uint8_t *bytes, uint32_t n, uint32_t from,
		   const char *event)
{
	unsigned hits = 0;
	struct ps_packet *p = malloc(sizeof *p);
	CU_ASSERT_FATAL(p != NULL);
	for (uint32_t k = from; k < n; k++) {
		/* an exact-size heap copy, so ASan sees any read past the capture */
		uint8_t *copy = malloc(k ? k : 1);
		CU_ASSERT_FATAL(copy != NULL);
		memcpy(copy, bytes, k);
		pst_dissect(p, linktype, copy, k, n);
		pst_text(p, 2, true);
		const char *js = pst_json(p);
		if (!json_valid(js)) {
			fprintf(stderr, "\ninvalid JSON at prefix %u: %s\n", k, js);
			CU_FAIL("invalid JSON");
		}
		if (event ? pst_has_event(p, event) : p->nevents > 0)
			hits++;
		free(copy);
	}
	free(p);
	return hits;
}

int pst_run(const char *suite, const struct pst_case *cases, unsigned n)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite(suite, 0, 0);
	for (unsigned i = 0; s && i < n; i++)
		CU_add_test(s, cases[i].name, cases[i].fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
