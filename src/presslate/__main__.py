from presslate.cli import main

main()
