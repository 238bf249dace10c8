/* ANCHOR: start */
int main(void)
{
}
/* ANCHOR_END: start */
