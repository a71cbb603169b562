print("eventtop")
