"""A new delivery address is checked for 省+市+区+详细地址+收件人+电话 before a person gets it."""

import pytest

from kefu.address import looks_like_address, missing_parts, takes_the_change_back


@pytest.mark.parametrize(
    "text",
    [
        "浙江省杭州市西湖区文三路100号 张三 13812345678",
        "浙江省杭州市西湖区文三路100号张三13812345678",
        "上海市浦东新区张江路88弄5号301室 李四 139 1234 5678",
        "收件人王五 电话13700001111 江苏省苏州市工业园区星湖街328号",
        "广东深圳南山区科技园路8号 陈先生 13800001111",
        "北京朝阳区建国路1号 刘洋 13600001111",
        "浙江省杭州市西湖區文三路100號 張三 13812345678",
        "让他再送一次 南京市鼓楼区中山路100号 陈梅 15850671239",  # 南京: 江苏, not asked for
        "南京鼓楼区中山路100号 张三 13812345678",  # and its city without 市
    ],
)
def test_a_whole_address_lacks_nothing(text):
    assert missing_parts(text) == []


@pytest.mark.parametrize(
    "text,missing",
    [
        ("改到杭州西湖区文三路100号", ["收件人", "电话"]),  # 杭州 names its province
        ("改到昆山市玉山镇人民路1号 张三 13812345678", ["省份"]),  # a smaller city does not
        ("宜昌市西陵区南京路25号 张三 13812345678", ["省份"]),  # 南京路 is a street
        ("义乌市城西安置小区3栋502 张三 13812345678", ["省份"]),  # 西安 inside 城西安置
        ("浙江省杭州市西湖区文三路100号 13812345678", ["收件人"]),
        ("浙江省杭州市文三路100号 张三 13812345678", ["区县"]),
        ("浙江省杭州市西湖区 张三 13812345678", ["详细地址"]),
    ],
)
def test_the_missing_parts_are_named(text, missing):
    assert missing_parts(text) == missing


def test_a_request_to_change_is_not_an_address():
    assert not looks_like_address("我要改地址")
    assert not looks_like_address("地址写错了 能改吗")
    assert looks_like_address("改到杭州西湖区文三路100号")


@pytest.mark.parametrize(
    "text,back", [("那算了 不改了 啥时候到北京", True), ("电话不改了 地址改成上海市浦东新区张江路88号", False)]
)
def test_a_change_taken_back_is_told_from_a_part_kept_beside_the_new_address(text, back):
    assert takes_the_change_back(text) is back
