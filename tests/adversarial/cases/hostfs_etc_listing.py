# expect: ok
# stdout: ['group', 'hosts', 'passwd']\n
# about: lists /etc (must hold only the three files the sandbox writes: passwd, group, hosts)
import os

print(sorted(os.listdir("/etc")))
