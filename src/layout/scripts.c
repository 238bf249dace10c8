/* scripts.c - a face per script run, from fontconfig's coverage. */
#include "scripts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

#include "fonts.h"
#include "util.h"

enum { FACES = 3 };

struct scripts {
	FcConfig *cfg; /* the map's */
	const char *face[FACES];
	char *chain[FACES];     /* the face and the faces of no script */
	char **families[FACES]; /* the face and its whole chain */
	const char *lang;
	bool cjk_default; /* the theme names no CJK face of its own */
	/* face * 1024 + script + 1 -> family string, or "" (the face has
	 * it) */
	GHashTable *done;
	GHashTable *done_forms; /* a CJK face -> a done of its own */
};

struct scripts *scripts_new(PangoFontMap *map, const struct theme *t,
                            const char *lang)
{
	return scripts_new_for_config(
	    pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map)), t, lang);
}

struct scripts *scripts_new_for_config(FcConfig *cfg, const struct theme *t,
                                       const char *lang)
{
	struct scripts *s = xcalloc(1, sizeof *s);
	s->cfg = cfg;
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		if (!strcmp(theme_scripts[i].name, "cjk"))
			s->cjk_default =
			    !strcmp(t->script_font[i], theme_scripts[i].family);
	s->face[0] = t->body_font;
	s->face[1] = t->heading_font;
	s->face[2] = t->mono_font;
	s->lang = lang;
	for (int i = 0; i < FACES; i++) {
		s->chain[i] = fonts_base_chain(t, s->face[i]);
		char *all = fonts_chain(t, s->face[i], lang);
		s->families[i] = g_strsplit(all, ",", -1);
		g_free(all);
	}
	s->done = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	s->done_forms =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	                          (GDestroyNotify)g_hash_table_destroy);
	return s;
}

void scripts_free(struct scripts *s)
{
	if (!s)
		return;
	for (int i = 0; i < FACES; i++) {
		g_free(s->chain[i]);
		g_strfreev(s->families[i]);
	}
	g_hash_table_destroy(s->done);
	g_hash_table_destroy(s->done_forms);
	free(s);
}

const char *scripts_chain(const struct scripts *s, int face)
{
	return s->chain[face];
}

/* Does a font of family cover language? */
static bool covers(FcConfig *cfg, const char *family, const FcChar8 *lang)
{
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetSystem);
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *f;
		FcLangSet *ls;
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &f) ==
		        FcResultMatch &&
		    !g_ascii_strcasecmp((const char *)f, family) &&
		    FcPatternGetLangSet(set->fonts[i], FC_LANG, 0, &ls) ==
		        FcResultMatch &&
		    FcLangSetHasLang(ls, lang) != FcLangDifferentLang)
			return true;
	}
	return false;
}

static bool cjk_script(PangoScript script)
{
	return script == PANGO_SCRIPT_HAN || script == PANGO_SCRIPT_HIRAGANA ||
	       script == PANGO_SCRIPT_KATAKANA ||
	       script == PANGO_SCRIPT_HANGUL || script == PANGO_SCRIPT_BOPOMOFO;
}

/* The language whose letters stand for script's: the book's own for
 * the scripts of China, Japan and Korea when it is one of theirs. */
static const char *language_of(const struct scripts *s, PangoScript script)
{
	bool cjk = cjk_script(script);
	if (cjk && s->lang &&
	    (g_str_has_prefix(s->lang, "zh") ||
	     g_str_has_prefix(s->lang, "ja") ||
	     g_str_has_prefix(s->lang, "ko")))
		return s->lang;
	if (script == PANGO_SCRIPT_HAN || script == PANGO_SCRIPT_BOPOMOFO)
		return "zh-cn"; /* pango has no sample language for Han */
	if (script == PANGO_SCRIPT_HIRAGANA || script == PANGO_SCRIPT_KATAKANA)
		return "ja";
	if (script == PANGO_SCRIPT_HANGUL)
		return "ko";
	PangoLanguage *l = pango_script_get_sample_language(script);
	return l ? pango_language_to_string(l) : NULL;
}

/* The families for a run of script in face: "" when the face covers it
 * (or nothing does), else the first face of the chain that does, then
 * the chain.  A run of Han, kana or Hangul in text of a language of
 * China, Japan or Korea (text_lang, NULL: the book's) takes that
 * language's forms.  Owned by s. */
static const char *families_for(struct scripts *s, int face, PangoScript script,
                                const char *text_lang)
{
	const char *forms =
	    cjk_script(script) && text_lang ? fonts_cjk_face(text_lang) : NULL;
	/* one entry per face and script, and per CJK forms */
	GHashTable *done = s->done;
	if (forms) {
		done = g_hash_table_lookup(s->done_forms, forms);
		if (!done) {
			done = g_hash_table_new_full(NULL, NULL, NULL, g_free);
			g_hash_table_insert(s->done_forms, (gpointer)forms,
			                    done);
		}
	}
	gpointer key = GINT_TO_POINTER(face * 1024 + (int)script + 1);
	const char *got = g_hash_table_lookup(done, key);
	if (got)
		return got;
	const char *lang = forms ? text_lang : language_of(s, script);
	FcChar8 *fl = (FcChar8 *)fonts_fc_lang(lang);
	char *fams = NULL;
	char **f = s->families[face];
	/* kana and Hangul in a book of another language: the Japanese and
	 * Korean faces; CJK text in a language of its own: its forms;
	 * unless the theme named its own face */
	const char *own =
	    !s->cjk_default ? NULL
	    : forms         ? forms
	    : !strcmp(lang ? lang : "", "ja") ? "Noto Serif CJK JP"
	    : !strcmp(lang ? lang : "", "ko") ? "Noto Serif CJK KR"
	                                      : NULL;
	if (fl && own && !covers(s->cfg, f[0], fl) && covers(s->cfg, own, fl))
		fams = g_strconcat(own, ",", s->chain[face], NULL);
	if (fl && !covers(s->cfg, f[0], fl))
		for (size_t i = 1; f[i] && !fams; i++)
			if (covers(s->cfg, f[i], fl))
				fams = g_strconcat(f[i], ",", s->chain[face],
				                   NULL);
	g_free(fl);
	if (!fams)
		fams = g_strdup("");
	g_hash_table_insert(done, key, fams);
	return fams;
}

static void set_families(PangoAttrList *attrs, const char *fams, size_t start,
                         size_t end)
{
	PangoAttribute *a = pango_attr_family_new(fams);
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_change(attrs, a);
}

/* Arabic's comma, semicolon and question mark belong to no one script:
 * after Latin text (a name in an Arabic list) pango gives them the
 * Latin run's faces, which lack them, and they fell to the code face.
 * The characters of the Arabic block in such a run [start, end) take
 * the Arabic face. */
static void arabic_marks(struct scripts *s, int face, const char *text,
                         const char *start, const char *end,
                         PangoAttrList *attrs, const char *lang)
{
	const char *run = NULL;
	for (const char *p = start; p <= end; p = g_utf8_next_char(p)) {
		gunichar c = p < end ? g_utf8_get_char(p) : 0;
		bool arabic = c >= 0x0600 && c <= 0x06FF;
		if (arabic && !run)
			run = p;
		if (!arabic && run) {
			const char *fams =
			    families_for(s, face, PANGO_SCRIPT_ARABIC, lang);
			if (*fams)
				set_families(attrs, fams, (size_t)(run - text),
				             (size_t)(p - text));
			run = NULL;
		}
		if (p == end)
			break;
	}
}

void scripts_apply(struct scripts *s, int face, const char *text, size_t len,
                   PangoAttrList *attrs, const char *lang)
{
	scripts_apply_range(s, face, text, 0, len, attrs, lang);
}

void scripts_apply_range(struct scripts *s, int face, const char *text,
                         size_t from, size_t to, PangoAttrList *attrs,
                         const char *lang)
{
	PangoScriptIter *it =
	    pango_script_iter_new(text + from, (int)(to - from));
	do {
		const char *start, *end;
		PangoScript script;
		pango_script_iter_get_range(it, &start, &end, &script);
		if (script == PANGO_SCRIPT_COMMON ||
		    script == PANGO_SCRIPT_LATIN) {
			arabic_marks(s, face, text, start, end, attrs, lang);
			continue;
		}
		if (script == PANGO_SCRIPT_INHERITED ||
		    script == PANGO_SCRIPT_UNKNOWN)
			continue;
		const char *fams = families_for(s, face, script, lang);
		if (*fams)
			set_families(attrs, fams, (size_t)(start - text),
			             (size_t)(end - text));
	} while (pango_script_iter_next(it));
	pango_script_iter_free(it);
}

char *scripts_face_for(struct scripts *s, int face, PangoScript script)
{
	if (script == PANGO_SCRIPT_COMMON || script == PANGO_SCRIPT_INHERITED ||
	    script == PANGO_SCRIPT_UNKNOWN || script == PANGO_SCRIPT_LATIN)
		return NULL;
	const char *fams = families_for(s, face, script, NULL);
	return *fams ? g_strndup(fams, strcspn(fams, ",")) : NULL;
}
