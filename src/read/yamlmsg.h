/*
 * yamlmsg.h - YAML syntax errors in octavo's words (yamlload.c's helper):
 * the message names the mistake as an author would put it right, at the
 * line and column where it was made.
 */
#ifndef OCTAVO_YAMLMSG_H
#define OCTAVO_YAMLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* Reports the syntax error parser p stopped at, in data (len bytes),
 * the file called name. */
void yamlmsg_report(const char *name, const char *data, size_t len,
                    const yaml_parser_t *p);
/* A document whose root is a scalar because of a key glued to its value
 * ('title:Foo' alone): reports it and returns true; false otherwise. */
bool yamlmsg_report_glued(const char *name, const char *data, size_t len,
                          const yaml_node_t *root);

#endif
