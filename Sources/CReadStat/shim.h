// ReadStat (Debian libreadstat-dev) for SPSS .sav input. Only DataIO imports it.
#ifndef TRUSTMETRICS_CREADSTAT_SHIM_H
#define TRUSTMETRICS_CREADSTAT_SHIM_H
#include <readstat.h>
#endif
