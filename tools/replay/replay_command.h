/*
 * replay_command.h - the `c1 --replay` front end (replay_command.c): c1's
 * main hands it the whole command line when --replay is on it.
 */
#ifndef C1_TOOLS_REPLAY_COMMAND_H
#define C1_TOOLS_REPLAY_COMMAND_H

/* Parse the replay's options, run it, print the report.  The exit status:
 * 0, 1 when a job did not end, 2 on bad usage or input. */
int replay_command(int argc, char **argv);

#endif
