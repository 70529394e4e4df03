/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/bpfhive.h: the umbrella header. Include this one; it pulls in the rest of the API.
 */
#ifndef __HIVE_PUBLIC_BPFHIVE_H
#define __HIVE_PUBLIC_BPFHIVE_H

#include "bpfhive/common.h"
#include "bpfhive/btf.h"
#include "bpfhive/object.h"
#include "bpfhive/prog.h"
#include "bpfhive/map.h"

#endif /* __HIVE_PUBLIC_BPFHIVE_H */
