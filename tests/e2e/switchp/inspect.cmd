# inspect.cmd: looking at a dropped job without running it.
registers
examine A2
examine P
examine S1 /f
examine BUFFER 3 /a
examine GO/i 4
disassemble
symbols L
exchange
job
job history
help break
