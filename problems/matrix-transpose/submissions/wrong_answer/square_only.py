def transpose(matrix):
    n = len(matrix)
    return [[matrix[i][j] for i in range(n)] for j in range(n) if j < len(matrix[0])] if matrix else []
