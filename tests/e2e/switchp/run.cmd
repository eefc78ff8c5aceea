# run.cmd: stepping, running, breakpoints, watchpoints, and going back to
# a watchpoint hit (rgo) and forward to it again.
step
step 9
run 1000
where
break LOOP if A2 == 100
go
examine A2
until 1013
next
examine BUFFER 3 /c
watch BUFFER
rgo
digest
back 5
go
digest
delete
go
output
back 1
job stack
