def leaderboard(rows):
    players = [(name.strip(), score.strip()) for name, score in rows]
    players.sort(key=lambda player: (int(player[1]), player[0].lower()), reverse=True)
    return [[name, int(score)] for name, score in players]
