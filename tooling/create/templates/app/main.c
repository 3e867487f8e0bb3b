/*
 * {{name}}: a uk app. main() runs after the booter has initialised every
 * library; its return value is the image's exit code (0-127).
 */
#include <stdio.h>

int main(int argc, char *argv[])
{
	printf("Hello from {{name}}\n");
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
