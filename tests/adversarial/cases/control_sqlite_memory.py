# expect: ok
# stdout: (3, 'cy', 4.0)\n(1, 'ada', 3.5)\n(2, 'bob', 2.25)\n(4, 'dee', 1.75)\n(4, 11.5, 2.875)\n
# about: benign control: sqlite3 in-memory database: create a table, insert rows, query them
import sqlite3

con = sqlite3.connect(":memory:")
con.execute("create table scores (id integer primary key, name text not null, score real)")
con.executemany(
    "insert into scores (name, score) values (?, ?)",
    [("ada", 3.5), ("bob", 2.25), ("cy", 4.0), ("dee", 1.75)],
)
con.commit()
for row in con.execute("select id, name, score from scores order by score desc"):
    print(row)
print(con.execute("select count(*), sum(score), avg(score) from scores").fetchone())
con.close()
