# reverse.cmd: back and rgo land on exactly the state forward execution
# had: within the loop (a checkpoint), and across the job's system
# requests at its end (the sandbox rebuilt and the history replayed).
step 5000
digest
step 777
back 777
digest
break 1013
go
digest
delete
go
break 1013
rgo
digest
