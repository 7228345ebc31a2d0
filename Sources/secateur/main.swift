import Foundation

exit(Secateur.run(Array(CommandLine.arguments.dropFirst())))
