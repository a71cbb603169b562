// headless
