# edit.cmd: deposits into registers and memory, shown in octal and as
# floating point, then the state written back as a new dropfile.
step 100
until LOOP
deposit S3 1.5
examine S3
deposit BUFFER 2.25
examine BUFFER /f
deposit B01 D'100
examine B1
deposit V2[3] -0.5
examine V2[3]
deposit P LOOP
drop edited.drop
