/* Tests that count free pages: load the program's whole image first, so no page of it comes in between. */
#ifndef IMAGE_TOUCH_H
#define IMAGE_TOUCH_H

/*
 * The kernel loads a program's pages when they are first touched
 * (docs/design.md, "A program's image"). A test that compares free page
 * counts around a request would see one of its own pages come in
 * meanwhile (code first run, a variable first read); one that uses up
 * its quota would find no page left for the next bit of code. Reading
 * one byte of every page from the image's start to its end (__end, in
 * lib/user.ld) loads them all, charged to the program, as before.
 */
void image_touch(void);

#endif
