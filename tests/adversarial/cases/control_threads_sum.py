# expect: ok
# stdout: [31249875000, 93749875000, 156249875000, 218749875000]\n499999500000\n
# about: benign control: four threads each sum a quarter of range(1_000_000); joined, results printed
import threading

results = [0] * 4


def work(i):
    results[i] = sum(range(i * 250_000, (i + 1) * 250_000))


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
print(sum(results))
