/* jpegfail.c - libjpeg's errors as a jump back with the message. */
#include "jpegfail.h"

static void jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
	f->mgr.format_message(cinfo, f->msg);
	longjmp(f->back, 1);
}

struct jpeg_error_mgr *jpeg_fail_init(struct jpeg_fail *f)
{
	f->msg[0] = '\0';
	struct jpeg_error_mgr *mgr = jpeg_std_error(&f->mgr);
	mgr->error_exit = jpeg_fail_exit;
	return mgr;
}

/* A warning (level -1) is an error: libjpeg only warns of a file that
 * ends too soon or of corrupt data. */
static void jpeg_fail_warning(j_common_ptr cinfo, int level)
{
	if (level < 0)
		jpeg_fail_exit(cinfo);
}

struct jpeg_error_mgr *jpeg_fail_init_strict(struct jpeg_fail *f)
{
	struct jpeg_error_mgr *mgr = jpeg_fail_init(f);
	mgr->emit_message = jpeg_fail_warning;
	return mgr;
}
