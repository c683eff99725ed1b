/* The Pier ABI in one include: frames, packets, status codes, kernel ports. */
#ifndef PIER_PIER_H
#define PIER_PIER_H

#include <pier/status.h>
#include <pier/proto.h>
#include <pier/frame.h>
#include <pier/packet.h>
#include <pier/ports.h>
#include <pier/timer.h>
#include <pier/device.h>
#include <pier/space.h>

#endif
