def transpose(matrix):
    if not matrix or not matrix[0]:
        return [[]]
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]
