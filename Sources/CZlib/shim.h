#ifndef LAGKOLL_CZLIB_SHIM_H
#define LAGKOLL_CZLIB_SHIM_H
// The system zlib (Debian: zlib1g-dev, which libxml2-dev already pulls in): raw inflate for the
// entries of a .docx, with the sizes counted by lagkoll as it inflates.
#include <zlib.h>
#endif
