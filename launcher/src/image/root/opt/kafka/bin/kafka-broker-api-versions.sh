#!/opt/java/bin/java @/opt/simplepush/script.args
