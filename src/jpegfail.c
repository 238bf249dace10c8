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
