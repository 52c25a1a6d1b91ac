from tthc.manage import main

main()
