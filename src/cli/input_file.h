/*
 * input_file.h - compatibility name: the capped reader now lives in
 * file_util.h with the CLI's other file utilities.
 */
#include "file_util.h"
