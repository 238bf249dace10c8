/*
 * yamlload.h - loading a YAML file into libyaml's document model, with
 * every problem reported as file:line:col.  Shared by the manifest and theme
 * readers.  The caller owns the yaml_document_t (yaml_document_delete()).
 */
#ifndef OCTAVO_YAMLLOAD_H
#define OCTAVO_YAMLLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* Parses one YAML document; the root must be a mapping.  name is the file
 * name for messages (it must outlive every message: use an arena string). */
bool yaml_load(const char *name, const char *data, size_t len,
               yaml_document_t *out);

/* Location of a node (1-based). */
struct doc_loc yaml_loc(const char *name, const yaml_node_t *node);

/* A scalar's text, or NULL (after an error naming key) if node is not a
 * scalar. */
const char *yaml_scalar(const char *name, const yaml_node_t *node,
                        const char *key);
bool yaml_bool(const char *name, const yaml_node_t *node, const char *key,
               bool *out);
/* A number, optionally followed by a unit: pt (default), mm, cm, in;
 * from min to max pt when max is not 0, else from 0 to under 10000 units. */
bool yaml_length(const char *name, const yaml_node_t *node, const char *key,
                 double min, double max, double *out);
bool yaml_number(const char *name, const yaml_node_t *node, const char *key,
                 double min, double max, double *out);

#endif
