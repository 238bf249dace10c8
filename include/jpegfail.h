/*
 * jpegfail.h - libjpeg's errors as a jump back with the message.
 *
 * libjpeg reports an error by calling error_exit, which must not return.
 * A struct jpeg_fail is the error manager of one compressor or
 * decompressor: its error_exit keeps the message in msg and longjmps to
 * back, which the caller sets with setjmp before calling libjpeg.
 */
#ifndef OCTAVO_JPEGFAIL_H
#define OCTAVO_JPEGFAIL_H

#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which needs FILE */

#include <jpeglib.h>

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

/* Makes f ready (an empty message) and returns the error manager to
 * set as cinfo->err. */
struct jpeg_error_mgr *jpeg_fail_init(struct jpeg_fail *f);
/* The same, with every warning an error too (a truncated or corrupt
 * file is only a warning to libjpeg). */
struct jpeg_error_mgr *jpeg_fail_init_strict(struct jpeg_fail *f);

#endif
