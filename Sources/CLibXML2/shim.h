#ifndef LAGKOLL_CLIBXML2_SHIM_H
#define LAGKOLL_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, and its encoding.h then includes the system ICU headers, which clash
// with the ICU copy inside Foundation ("UErrorCode has different definitions"). lagkoll never touches the
// ICU members of xmlCharEncodingHandler, so the headers are read without them.
#undef LIBXML_ICU_ENABLED
// The parts of libxml2 that lagkoll uses: the memory parser, SAX2 callbacks, errors, the entity loader.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#endif
