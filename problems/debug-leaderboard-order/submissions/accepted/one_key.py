def leaderboard(rows):
    players = [(name.strip(), int(score)) for name, score in rows]
    players.sort(key=lambda player: (-player[1], player[0].lower()))
    return [[name, score] for name, score in players]
