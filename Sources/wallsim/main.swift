print("wallsim")
