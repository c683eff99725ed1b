/* init's port: how a driver init starts gets its device, and hands back the port it serves. */
#ifndef INITPORT_H
#define INITPORT_H

/*
 * A driver starts with init's port at PIER_H_PARENT (one slot holds one
 * handle, and the driver needs two things from init: its device, and a
 * way back). It calls INIT_DEVICE and gets the device handle init made
 * for it, granted with the reply; once it serves its port it sends
 * INIT_READY granting that port, or with no grant when it failed. init
 * answers every other message type with PIER_E_TYPE.
 */
enum init_msg {
	INIT_DEVICE = 1,   /* call; reply grants the caller's device handle */
	INIT_READY = 2,    /* send granting the driver's service port, or none */
};

#endif
